import { Module } from '@nestjs/common';
import { FateBook } from './fate-book';

@Module({ providers: [FateBook], exports: [FateBook] })
export class FatesModule {}

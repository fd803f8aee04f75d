import { Module } from '@nestjs/common';
import { FatesModule } from '../fates/fates.module';
import { InboxModule } from '../inbox/inbox.module';
import { SmtpMailServer } from './smtp.mail-server';

@Module({ imports: [FatesModule, InboxModule], providers: [SmtpMailServer], exports: [SmtpMailServer] })
export class SmtpModule {}

import { Module } from '@nestjs/common';
import { FatesModule } from '../fates/fates.module';
import { InboxHttpController } from './inbox.http.controller';
import { InboxWaitHttpController } from './inbox-wait.http.controller';
import { InboxPageController } from './inbox.page.controller';
import { InboxStore } from './inbox.store';

@Module({
  imports: [FatesModule],
  controllers: [InboxHttpController, InboxWaitHttpController, InboxPageController],
  providers: [InboxStore],
  exports: [InboxStore],
})
export class InboxModule {}

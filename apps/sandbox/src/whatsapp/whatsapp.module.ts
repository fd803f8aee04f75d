import { Module } from '@nestjs/common';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { FatesModule } from '../fates/fates.module';
import { InboxModule } from '../inbox/inbox.module';
import { WhatsappHttpController } from './whatsapp.http.controller';
import { WhatsappStatusNotifier } from './whatsapp-status.notifier';

@Module({
  imports: [FatesModule, InboxModule, CallbacksModule],
  controllers: [WhatsappHttpController],
  providers: [WhatsappStatusNotifier],
})
export class WhatsappModule {}

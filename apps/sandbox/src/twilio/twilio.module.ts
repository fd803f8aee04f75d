import { Module } from '@nestjs/common';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { FatesModule } from '../fates/fates.module';
import { InboxModule } from '../inbox/inbox.module';
import { TwilioHttpController } from './twilio.http.controller';
import { TwilioStatusNotifier } from './twilio-status.notifier';

@Module({
  imports: [FatesModule, InboxModule, CallbacksModule],
  controllers: [TwilioHttpController],
  providers: [TwilioStatusNotifier],
})
export class TwilioModule {}

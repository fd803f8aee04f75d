import { Module } from '@nestjs/common';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { FatesModule } from '../fates/fates.module';
import { InboxModule } from '../inbox/inbox.module';
import { SmppHttpController } from './smpp.http.controller';
import { DeliveryReceiptDispatcher } from './delivery-receipt.dispatcher';
import { SmppSessionRegistry } from './smpp-session.registry';
import { SmppSmsc } from './smpp.smsc';

@Module({
  imports: [FatesModule, InboxModule, CallbacksModule],
  controllers: [SmppHttpController],
  providers: [SmppSmsc, SmppSessionRegistry, DeliveryReceiptDispatcher],
  exports: [SmppSmsc],
})
export class SmppModule {}

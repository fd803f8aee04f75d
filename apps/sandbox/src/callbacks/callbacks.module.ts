import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { CallbackSender } from './callback.sender';
import { DeliveryScheduler } from './delivery.scheduler';

@Module({
  imports: [InboxModule],
  providers: [CallbackSender, DeliveryScheduler],
  exports: [CallbackSender, DeliveryScheduler],
})
export class CallbacksModule {}

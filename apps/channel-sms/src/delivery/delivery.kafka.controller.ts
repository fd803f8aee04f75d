import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliverOtpUseCase } from '@tessera/channel-kit';
import { Topics, type Envelope, type OtpRequestedPayload } from '@tessera/contracts';
import { BusController, type BusContext } from '@tessera/messaging';

@BusController()
export class DeliveryKafkaController {
  constructor(private readonly deliver: DeliverOtpUseCase) {}

  @EventPattern(Topics.otpRequestedSms)
  onRequested(@Payload() event: Envelope<OtpRequestedPayload>, @Ctx() source: BusContext) {
    return this.deliver.execute(event, source);
  }
}

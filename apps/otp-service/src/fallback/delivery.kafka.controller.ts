import { BusController } from '@tessera/messaging';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics, type Envelope, type OtpDeliveredPayload } from '@tessera/contracts';
import { RecordDeliveryStatusUseCase } from './record-delivery-status.use-case';

@BusController()
export class DeliveryKafkaController {
  constructor(private readonly recordStatus: RecordDeliveryStatusUseCase) {}

  @EventPattern(Topics.otpDelivered)
  onDelivered(@Payload() event: Envelope<OtpDeliveredPayload>) {
    return this.recordStatus.execute(event);
  }
}

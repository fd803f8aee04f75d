import { Injectable } from '@nestjs/common';
import { OtpDeliveredV1, Topics, createEnvelope, type OtpDeliveredPayload } from '@tessera/contracts';
import { BusPublisher } from '@tessera/messaging';

/** Publishes OtpDelivered for one attempt, keyed by verification id. */
@Injectable()
export class DeliveredPublisher {
  constructor(private readonly publisher: BusPublisher) {}

  async publish(
    tenantId: string,
    verificationId: string,
    payload: OtpDeliveredPayload,
    traceparent: string | null = null,
  ): Promise<void> {
    await this.publisher.publish(
      Topics.otpDelivered,
      createEnvelope(OtpDeliveredV1, { tenantId, verificationId, payload, traceparent }),
    );
  }
}

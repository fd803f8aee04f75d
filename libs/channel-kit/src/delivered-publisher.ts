import { Injectable } from '@nestjs/common';
import { OtpDeliveredV1, Topics, createEnvelope, type OtpDeliveredPayload } from '@tessera/contracts';
import { BusPublisher } from '@tessera/messaging';

/** How many (attempt, status) pairs a replica remembers having published; the oldest are forgotten first. */
const REMEMBERED_STATUSES = 50_000;

/**
 * Publishes OtpDelivered for one attempt, keyed by verification id. A `sent`, `delivered` or `read` this replica
 * already published for the attempt is not published again: a replayed callback would only cost the bus and the
 * otp-service a message it ignores. A `failed` is always published (each try of an attempt may fail). What another
 * replica published is not known here, so a repeat can still reach the otp-service, which ignores a status the
 * attempt already has.
 */
@Injectable()
export class DeliveredPublisher {
  private readonly published = new Set<string>();

  constructor(private readonly publisher: BusPublisher) {}

  /** False when the status was already published for this attempt by this replica (nothing sent). */
  async publish(
    tenantId: string,
    verificationId: string,
    payload: OtpDeliveredPayload,
    traceparent: string | null = null,
  ): Promise<boolean> {
    const key = payload.status === 'failed' ? null : `${verificationId}|${payload.attempt}|${payload.status}`;
    if (key && this.published.has(key)) return false;
    await this.publisher.publish(
      Topics.otpDelivered,
      createEnvelope(OtpDeliveredV1, { tenantId, verificationId, payload, traceparent }),
    );
    if (key) this.remember(key);
    return true;
  }

  private remember(key: string): void {
    this.published.add(key);
    if (this.published.size > REMEMBERED_STATUSES) {
      this.published.delete(this.published.values().next().value as string);
    }
  }
}

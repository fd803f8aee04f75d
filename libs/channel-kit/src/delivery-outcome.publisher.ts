import { Injectable } from '@nestjs/common';
import type { Envelope, OtpDeliveredPayload, OtpRequestedPayload } from '@tessera/contracts';
import { sleep } from '@tessera/messaging';
import { MetricsRegistry } from '@tessera/observability';
import { DeliveredPublisher } from './delivered-publisher';

const PUBLISH_TRIES = 5;

export interface SendFailure {
  errorCode: string;
  errorMessage: string;
  permanent: boolean;
}

/**
 * Reports what became of a send as OtpDelivered (`sent`, or `failed` for the otp-service to fall back) and counts
 * it. It runs after the Kafka handler returned, so a bus that is briefly down is retried here.
 */
@Injectable()
export class DeliveryOutcomePublisher {
  private readonly outcomes;
  private readonly sendSeconds;

  constructor(
    private readonly delivered: DeliveredPublisher,
    metrics: MetricsRegistry,
  ) {
    this.outcomes = metrics.counter(
      'tessera_deliveries_total',
      'Delivery tries by channel, provider, outcome (sent, delivered, failed, failed_permanent, retry_scheduled, duplicate) and provider error code (none when it succeeded)',
      ['channel', 'provider', 'outcome', 'error_code'],
    );
    this.sendSeconds = metrics.histogram(
      'tessera_delivery_send_seconds',
      'Time from OtpRequested to the provider accepting the message',
      ['channel', 'provider'],
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    );
  }

  count(event: Envelope<OtpRequestedPayload>, provider: string, outcome: string, errorCode = 'none'): void {
    this.outcomes.inc({ channel: event.payload.channel, provider, outcome, error_code: errorCode });
  }

  async sent(
    event: Envelope<OtpRequestedPayload>,
    provider: string,
    receipt: { providerMessageId: string; status: 'sent' | 'delivered' },
  ): Promise<void> {
    const latencyMs = Math.max(0, Date.now() - Date.parse(event.occurredAt));
    await this.publish(event, {
      ...this.payloadBase(event, provider),
      providerMessageId: receipt.providerMessageId,
      status: receipt.status,
      errorCode: null,
      errorMessage: null,
      permanent: false,
      latencyMs: Number.isFinite(latencyMs) ? latencyMs : null,
    });
    if (Number.isFinite(latencyMs)) {
      this.sendSeconds.observe({ channel: event.payload.channel, provider }, latencyMs / 1000);
    }
    this.count(event, provider, receipt.status);
  }

  /** The provider may have the message (it did not answer in time): `sent`, with no message id. */
  async unconfirmed(event: Envelope<OtpRequestedPayload>, provider: string): Promise<void> {
    await this.publish(event, {
      ...this.payloadBase(event, provider),
      providerMessageId: null,
      status: 'sent',
      errorCode: null,
      errorMessage: null,
      permanent: false,
      latencyMs: null,
    });
    this.count(event, provider, 'sent_unconfirmed');
  }

  async failed(event: Envelope<OtpRequestedPayload>, provider: string, failure: SendFailure): Promise<void> {
    await this.publish(event, {
      ...this.payloadBase(event, provider),
      providerMessageId: null,
      status: 'failed',
      errorCode: failure.errorCode.slice(0, 64),
      errorMessage: failure.errorMessage.slice(0, 500),
      permanent: failure.permanent,
      latencyMs: null,
    });
    this.count(event, provider, failure.permanent ? 'failed_permanent' : 'failed', failure.errorCode.slice(0, 64));
  }

  private payloadBase(event: Envelope<OtpRequestedPayload>, provider: string) {
    return {
      channel: event.payload.channel,
      attempt: event.payload.attempt,
      provider,
      at: new Date().toISOString(),
    };
  }

  private async publish(event: Envelope<OtpRequestedPayload>, payload: OtpDeliveredPayload): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.delivered.publish(event.tenantId, event.verificationId!, payload, event.traceparent);
        return;
      } catch (error) {
        if (attempt >= PUBLISH_TRIES) throw error;
        await sleep(200 * 2 ** attempt);
      }
    }
  }
}

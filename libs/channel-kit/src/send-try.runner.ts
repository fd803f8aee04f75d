import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCodes, type Envelope, type OtpRequestedPayload } from '@tessera/contracts';
import { backoffDelay, type BusContext } from '@tessera/messaging';
import { maskDestination } from '@tessera/observability';
import { CHANNEL_PROVIDER, type ChannelProvider, type OutboundMessage } from './channel-provider';
import { CHANNEL_OPTIONS, type ChannelOptions } from './channel-kit.tokens';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { DeliveryOutcomePublisher } from './delivery-outcome.publisher';
import type { DeliveryTry } from './delivery-try';
import { PermanentProviderError, RetryableProviderError, UnconfirmedSendError } from './provider-errors';
import { ProviderMessageMap } from './provider-message-map';
import { RetryScheduler } from './retry-scheduler';
import { RateLimiter } from './rate-limiter';
import { renderTemplate } from './render-template';

/**
 * One claimed try of one delivery, outside the Kafka handler: waits for the provider's rate, sends, and reports
 * `sent`. A send the provider may have taken without answering in time is `sent` too, unconfirmed, never tried
 * again. A permanent refusal reports `failed` (permanent: the otp-service falls back). A transient one schedules
 * the next try after a backoff (RetryScheduler); after the last try, or when the code would expire first, it
 * reports `failed` (not permanent) and dead-letters the message.
 */
@Injectable()
export class SendTryRunner {
  private readonly log = new Logger(SendTryRunner.name);
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(CHANNEL_PROVIDER) private readonly provider: ChannelProvider,
    @Inject(CHANNEL_OPTIONS) private readonly options: ChannelOptions,
    private readonly outcomes: DeliveryOutcomePublisher,
    private readonly retries: RetryScheduler,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly messageIds: ProviderMessageMap,
  ) {
    this.limiter = new RateLimiter(options.ratePerSecond);
  }

  async run(event: Envelope<OtpRequestedPayload>, source: BusContext, code: string, current: DeliveryTry) {
    const request = event.payload;
    await this.limiter.acquire();
    const leftMs = Date.parse(request.expiresAt) - Date.now();
    if (leftMs <= 0) {
      const expired = { errorCode: 'code.expired', errorMessage: 'the code expired before it could be sent' };
      await this.outcomes.failed(event, this.provider.id, { ...expired, permanent: true });
      return;
    }
    const message: OutboundMessage = {
      ref: {
        tenantId: event.tenantId,
        verificationId: event.verificationId!,
        attempt: request.attempt,
        requestedAt: new Date(event.occurredAt),
        traceparent: event.traceparent,
      },
      to: request.to,
      code,
      ...renderTemplate(request.template, { code, brand: request.brand, minutes: Math.ceil(leftMs / 60000) }),
      locale: request.template.locale,
      brand: request.brand,
      whatsappTemplate: request.template.whatsappTemplate,
      ttlSeconds: Math.floor(leftMs / 1000),
    };
    let receipt;
    try {
      receipt = await this.provider.send(message);
    } catch (error) {
      if (error instanceof UnconfirmedSendError) {
        this.log.warn(`send to ${maskDestination(request.to)} unconfirmed, not retried: ${error.message}`);
        await this.outcomes.unconfirmed(event, this.provider.id);
        return;
      }
      await this.onRefused(event, source, current, error as Error);
      return;
    }
    // a line per send is for tracing one flow (LOG_LEVEL=debug); the send metrics count them all
    this.log.debug(
      `attempt ${request.attempt} of ${event.verificationId} (try ${current.number}) ${receipt.status} via ` +
        `${this.provider.id} as ${receipt.providerMessageId}`,
    );
    if (this.provider.receipts === 'by-message-id') {
      await this.messageIds.remember(this.provider.id, receipt.providerMessageId, message.ref);
    }
    await this.outcomes.sent(event, this.provider.id, receipt);
  }

  private async onRefused(
    event: Envelope<OtpRequestedPayload>,
    source: BusContext,
    current: DeliveryTry,
    error: Error,
  ): Promise<void> {
    if (error instanceof PermanentProviderError) {
      this.log.log(
        `attempt ${event.payload.attempt} of ${event.verificationId} refused by ${this.provider.id}: ${error.message}`,
      );
      const failure = { errorCode: error.vendorCode ?? 'permanent', errorMessage: error.message, permanent: true };
      await this.outcomes.failed(event, this.provider.id, failure);
      return;
    }
    const retryable = error instanceof RetryableProviderError ? error : null;
    const delayMs = Math.max(retryable?.retryAfterMs ?? 0, backoffDelay(this.options.sendRetry, current.number - 1));
    const notBefore = Date.now() + delayMs;
    if (current.number <= this.options.sendRetry.maxRetries && notBefore < Date.parse(event.payload.expiresAt)) {
      this.log.warn(
        `send to ${maskDestination(event.payload.to)} (try ${current.number}) retrying in ${delayMs} ms: ${error.message}`,
      );
      this.retries.schedule(source.topic, event, { number: current.number + 1, notBefore });
      this.outcomes.count(event, this.provider.id, 'retry_scheduled');
      return;
    }
    const failure = {
      errorCode: retryable?.vendorCode ?? 'provider_unavailable',
      errorMessage: error.message,
      permanent: false,
    };
    await this.outcomes.failed(event, this.provider.id, failure);
    await this.deadLetters.publish(
      source,
      event,
      new DomainError(
        ErrorCodes.providerUnavailable,
        `${this.provider.id} did not accept the message: ${error.message}`,
      ),
    );
  }
}

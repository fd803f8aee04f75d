import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCodes, type Envelope, type OtpRequestedPayload } from '@tessera/contracts';
import { CodeSealer } from '@tessera/crypto';
import { backoffDelay, sleep } from '@tessera/messaging';
import { MetricsRegistry, maskDestination } from '@tessera/observability';
import { CHANNEL_PROVIDER, type ChannelProvider, type SendReceipt } from './channel-provider';
import { CHANNEL_OPTIONS, DELIVERY_LEDGER, type ChannelOptions } from './channel-kit.tokens';
import { DeliveredPublisher } from './delivered-publisher';
import type { DeliveryLedger } from './delivery-ledger';
import { PermanentProviderError, RetryableProviderError } from './provider-errors';
import { RateLimiter } from './rate-limiter';
import { renderTemplate } from './render-template';

/**
 * Delivers one OtpRequested: claims (verification, attempt) first so a redelivered event sends nothing,
 * opens the sealed code, renders the template, calls the provider within its rate, retries transient
 * failures with backoff and jitter, and reports the outcome as OtpDelivered. What cannot be sent is
 * reported `failed` (the otp-service falls back) and dead-lettered.
 */
@Injectable()
export class DeliverOtpUseCase {
  private readonly log = new Logger(DeliverOtpUseCase.name);
  private readonly limiter: RateLimiter;
  private readonly outcomes;
  private readonly sendSeconds;

  constructor(
    @Inject(CHANNEL_PROVIDER) private readonly provider: ChannelProvider,
    @Inject(DELIVERY_LEDGER) private readonly ledger: DeliveryLedger,
    @Inject(CHANNEL_OPTIONS) private readonly options: ChannelOptions,
    private readonly sealer: CodeSealer,
    private readonly delivered: DeliveredPublisher,
    metrics: MetricsRegistry,
  ) {
    this.limiter = new RateLimiter(options.ratePerSecond);
    this.outcomes = metrics.counter('tessera_deliveries_total', 'Delivery attempts by channel, provider and outcome', [
      'channel',
      'provider',
      'outcome',
    ]);
    this.sendSeconds = metrics.histogram(
      'tessera_delivery_send_seconds',
      'Time from OtpRequested to the provider accepting the message',
      ['channel', 'provider'],
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    );
  }

  async execute(event: Envelope<OtpRequestedPayload>): Promise<void> {
    const request = event.payload;
    const verificationId = event.verificationId;
    if (!verificationId || request.channel !== this.provider.channel) {
      throw new DomainError(
        ErrorCodes.validation,
        `OtpRequested for ${request.channel} reached the ${this.provider.channel} service`,
      );
    }
    // Opened before the claim: a code this replica cannot open (a missing seal key) must not use up the attempt.
    let code: string;
    try {
      code = this.sealer.open(request.sealedCode, verificationId);
    } catch (error) {
      throw new DomainError(ErrorCodes.validation, `sealed code cannot be opened here: ${(error as Error).message}`);
    }
    const claimed = await this.ledger.claim({
      tenantId: event.tenantId,
      verificationId,
      attempt: request.attempt,
      channel: request.channel,
      provider: this.provider.id,
    });
    if (!claimed) {
      this.outcomes.inc({ channel: request.channel, provider: this.provider.id, outcome: 'duplicate' });
      return;
    }
    const remainingMs = Date.parse(request.expiresAt) - Date.now();
    if (remainingMs <= 0) {
      await this.fail(event, 'code.expired', 'the code expired before it could be sent', true);
      return;
    }
    const rendered = renderTemplate(request.template, {
      code,
      brand: request.brand,
      minutes: Math.ceil(remainingMs / 60000),
    });
    const message = {
      verificationId,
      attempt: request.attempt,
      to: request.to,
      code,
      ...rendered,
      locale: request.template.locale,
      brand: request.brand,
      whatsappTemplate: request.template.whatsappTemplate,
      ttlSeconds: Math.floor(remainingMs / 1000),
    };
    const startedAt = Date.parse(event.occurredAt);
    let receipt: SendReceipt;
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire();
      const leftMs = Date.parse(request.expiresAt) - Date.now();
      if (leftMs <= 0) {
        await this.fail(event, 'code.expired', 'the code expired before it could be sent', true);
        return;
      }
      message.ttlSeconds = Math.floor(leftMs / 1000);
      try {
        receipt = await this.provider.send(message);
        break;
      } catch (error) {
        if (error instanceof PermanentProviderError) {
          await this.fail(event, error.vendorCode ?? 'permanent', error.message, true);
          return;
        }
        const retryable = error instanceof RetryableProviderError ? error : null;
        if (attempt < this.options.sendRetry.maxRetries) {
          this.log.warn(`send to ${maskDestination(request.to)} retrying: ${(error as Error).message}`);
          await sleep(Math.max(retryable?.retryAfterMs ?? 0, backoffDelay(this.options.sendRetry, attempt)));
          continue;
        }
        await this.fail(event, retryable?.vendorCode ?? 'provider_unavailable', (error as Error).message, false);
        throw new DomainError(
          ErrorCodes.providerUnavailable,
          `${this.provider.id} did not accept the message: ${(error as Error).message}`,
        );
      }
    }
    await this.ledger.markSent(verificationId, request.attempt, receipt.providerMessageId, this.provider.id);
    // the provider's own later "sent" callback is then a duplicate of what is published here
    await this.ledger.firstReceipt(receipt.providerMessageId, receipt.status);
    await this.delivered.publish(
      event.tenantId,
      verificationId,
      {
        channel: request.channel,
        attempt: request.attempt,
        provider: this.provider.id,
        providerMessageId: receipt.providerMessageId,
        status: receipt.status,
        errorCode: null,
        errorMessage: null,
        permanent: false,
        at: new Date().toISOString(),
        latencyMs: Number.isFinite(startedAt) ? Math.max(0, Date.now() - startedAt) : null,
      },
      event.traceparent,
    );
    this.sendSeconds.observe(
      { channel: request.channel, provider: this.provider.id },
      Math.max(0, Date.now() - startedAt) / 1000,
    );
    this.outcomes.inc({ channel: request.channel, provider: this.provider.id, outcome: receipt.status });
  }

  private async fail(
    event: Envelope<OtpRequestedPayload>,
    errorCode: string,
    errorMessage: string,
    permanent: boolean,
  ): Promise<void> {
    const request = event.payload;
    await this.ledger.markFailed(event.verificationId!, request.attempt);
    await this.delivered.publish(
      event.tenantId,
      event.verificationId!,
      {
        channel: request.channel,
        attempt: request.attempt,
        provider: this.provider.id,
        providerMessageId: null,
        status: 'failed',
        errorCode: errorCode.slice(0, 64),
        errorMessage: errorMessage.slice(0, 500),
        permanent,
        at: new Date().toISOString(),
        latencyMs: null,
      },
      event.traceparent,
    );
    this.outcomes.inc({
      channel: request.channel,
      provider: this.provider.id,
      outcome: permanent ? 'failed_permanent' : 'failed',
    });
  }
}

import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DomainError, ErrorCodes, type Envelope, type OtpRequestedPayload } from '@tessera/contracts';
import { CodeSealer } from '@tessera/crypto';
import type { BusContext } from '@tessera/messaging';
import { CHANNEL_PROVIDER, type ChannelProvider } from './channel-provider';
import { CHANNEL_OPTIONS, type ChannelOptions } from './channel-kit.tokens';
import { DeliveryClaimRepository } from './delivery-claim.repository';
import { DeliveryOutcomePublisher } from './delivery-outcome.publisher';
import { deliveryTryOf, type DeliveryTry } from './delivery-try';
import { RetryScheduler } from './retry-scheduler';
import { SendPool } from './send-pool';
import { SendTryRunner } from './send-try.runner';

/**
 * Takes one OtpRequested off the bus, and returns as soon as its send has started: checks it is for this channel,
 * opens the sealed code, claims this try of (verification, attempt) with one unique insert so a redelivered copy or
 * a racing replica sends nothing, and hands the send to the pool (SendTryRunner does it: rate, provider, outcome,
 * retry or dead letter). Neither a slow provider, nor the rate limit, nor a retry's backoff holds the partition.
 */
@Injectable()
export class DeliverOtpUseCase implements BeforeApplicationShutdown {
  private readonly log = new Logger(DeliverOtpUseCase.name);
  private readonly pool: SendPool;

  constructor(
    @Inject(CHANNEL_PROVIDER) private readonly provider: ChannelProvider,
    @Inject(CHANNEL_OPTIONS) options: ChannelOptions,
    private readonly claims: DeliveryClaimRepository,
    private readonly sealer: CodeSealer,
    private readonly runner: SendTryRunner,
    private readonly retries: RetryScheduler,
    private readonly outcomes: DeliveryOutcomePublisher,
  ) {
    this.pool = new SendPool(options.maxSendsInFlight);
  }

  async execute(event: Envelope<OtpRequestedPayload>, source: BusContext): Promise<void> {
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
    const current: DeliveryTry = deliveryTryOf(source.headers);
    if (current.notBefore > Date.now() && !this.retries.closing) {
      // A retry handed back early (at a replica's shutdown): wait out its backoff here, unclaimed. A replica that
      // is itself shutting down sends it now instead (handing it back again would only bring it back here).
      this.retries.schedule(source.topic, event, current);
      return;
    }
    const claimed = await this.claims.claim({
      tenantId: event.tenantId,
      verificationId,
      attempt: request.attempt,
      try: current.number,
      channel: request.channel,
      provider: this.provider.id,
      expiresAt: new Date(request.expiresAt),
    });
    if (!claimed) {
      this.outcomes.count(event, this.provider.id, 'duplicate');
      return;
    }
    await this.pool.start(() => this.runner.run(event, source, code, current));
  }

  /** Lets the sends in flight finish (and report) before the bus closes; later ones run inside their handler. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.pool.size > 0) this.log.log(`waiting for ${this.pool.size} send(s) in flight`);
    await this.pool.drain();
  }
}

import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CHANNEL_PROVIDER, type ChannelProvider } from './channel-provider';
import { CHANNEL_OPTIONS, type ChannelOptions } from './channel-kit.tokens';
import { DeliveryClaimRepository } from './delivery-claim.repository';
import { ProviderMessageRepository } from './provider-message.repository';

const HOUR_MS = 3_600_000;

/**
 * Retention of the channel's collections (FerretDB v1 has no TTL indexes): once an hour, the collections of claims
 * of codes that expired more than `retentionHours` ago are dropped (one per hour: no scan), and (for providers that
 * need it) the message-id pointers sent before then go by one delete on `sentAt`. A claim matters only while its
 * code lives (at most 10 minutes): the margin covers a bus that redelivers late. Nothing runs at boot or on the hot
 * path; every replica sweeps, which is idempotent.
 */
@Injectable()
export class DeliveryRetention implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(DeliveryRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(CHANNEL_PROVIDER) private readonly provider: ChannelProvider,
    @Inject(CHANNEL_OPTIONS) private readonly options: ChannelOptions,
    private readonly claims: DeliveryClaimRepository,
    private readonly messages: ProviderMessageRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.keepsMessageIds) await this.messages.createIndexes();
    this.timer = setInterval(() => void this.sweep(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes what is past retention at `now`; answers how many collections of claims were dropped and pointers deleted. */
  async sweep(now = new Date()): Promise<{ claimCollections: number; messages: number }> {
    const before = new Date(now.getTime() - this.options.retentionHours * HOUR_MS);
    try {
      const claimCollections = await this.claims.deleteExpiredBefore(before);
      const messages = this.keepsMessageIds ? await this.messages.deleteSentBefore(before) : 0;
      return { claimCollections, messages };
    } catch (error) {
      this.log.warn(`retention sweep failed, next one in an hour: ${(error as Error).message}`);
      return { claimCollections: 0, messages: 0 };
    }
  }

  private get keepsMessageIds(): boolean {
    return this.provider.receipts === 'by-message-id';
  }
}

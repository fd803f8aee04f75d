import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryRef } from './delivery-ref';
import { ProviderMessageRepository } from './provider-message.repository';

/** Entries kept in memory; the oldest go first (a receipt that old is looked up in the database). */
const MEMORY_LIMIT = 50_000;

/**
 * Provider message id → delivery attempt, memory first: a receipt for a message this process sent costs no
 * database command; after a restart (or past MEMORY_LIMIT) it costs one point read by `_id`. Each send writes the
 * pointer once, so receipts survive a restart.
 */
@Injectable()
export class ProviderMessageMap {
  private readonly log = new Logger(ProviderMessageMap.name);
  private readonly recent = new Map<string, DeliveryRef>();

  constructor(private readonly repository: ProviderMessageRepository) {}

  /**
   * Kept in memory at once (a receipt may arrive before the write returns), then written. The message was sent
   * whatever happens here: a failed write is logged, and only a receipt after a restart then goes unmatched.
   */
  async remember(provider: string, providerMessageId: string, ref: DeliveryRef): Promise<void> {
    const key = `${provider}:${providerMessageId}`;
    this.recent.delete(key);
    this.recent.set(key, ref);
    if (this.recent.size > MEMORY_LIMIT) this.recent.delete(this.recent.keys().next().value!);
    try {
      await this.repository.remember(provider, providerMessageId, ref, new Date());
    } catch (error) {
      this.log.warn(`receipt pointer for ${key} kept in memory only: ${(error as Error).message}`);
    }
  }

  async find(provider: string, providerMessageId: string): Promise<DeliveryRef | null> {
    return (
      this.recent.get(`${provider}:${providerMessageId}`) ?? (await this.repository.find(provider, providerMessageId))
    );
  }
}

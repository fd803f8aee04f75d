import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { DeliveryRef } from './delivery-ref';
import { PROVIDER_MESSAGE_MODEL, type ProviderMessage } from './provider-message.schema';

const idOf = (provider: string, providerMessageId: string): string => `${provider}:${providerMessageId}`;

/** Provider message id → delivery attempt, for receipts that carry nothing else (see ProviderMessageSchema). */
@Injectable()
export class ProviderMessageRepository {
  constructor(@InjectModel(PROVIDER_MESSAGE_MODEL) private readonly messages: Model<ProviderMessage>) {}

  /** The indexes the schema declares (autoIndex is off): once at boot, by the channels that use this map. */
  async createIndexes(): Promise<void> {
    await this.messages.createIndexes();
  }

  /** An upsert: an SMSC that reuses its message ids (counters wrap) overwrites the old pointer. */
  async remember(provider: string, providerMessageId: string, ref: DeliveryRef, sentAt: Date): Promise<void> {
    await this.messages.replaceOne(
      { _id: idOf(provider, providerMessageId) },
      {
        tenantId: ref.tenantId,
        verificationId: ref.verificationId,
        attempt: ref.attempt,
        requestedAt: ref.requestedAt,
        sentAt,
        traceparent: ref.traceparent ?? null,
      },
      { upsert: true },
    );
  }

  async find(provider: string, providerMessageId: string): Promise<DeliveryRef | null> {
    const found = await this.messages.findById(idOf(provider, providerMessageId)).lean();
    if (!found) return null;
    return {
      tenantId: found.tenantId,
      verificationId: found.verificationId,
      attempt: found.attempt,
      requestedAt: found.requestedAt,
      ...(found.traceparent ? { traceparent: found.traceparent } : {}),
    };
  }

  async deleteSentBefore(before: Date): Promise<number> {
    const { deletedCount } = await this.messages.deleteMany({ sentAt: { $lt: before } });
    return deletedCount;
  }
}

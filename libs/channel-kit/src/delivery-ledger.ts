import { Collection, Db } from 'mongodb';
import type { Channel } from '@tessera/contracts';
import { isDuplicateKeyError } from '@tessera/persistence';

export interface DeliveryRecord {
  /** `${verificationId}:${attempt}`: claimed by a unique insert before the provider is called. */
  _id: string;
  tenantId: string;
  verificationId: string;
  attempt: number;
  channel: Channel;
  provider: string;
  providerMessageId: string | null;
  state: 'sending' | 'sent' | 'failed';
  claimedAt: Date;
  sentAt: Date | null;
}

/**
 * The channel's inbox and its map from provider message ids back to verification attempts. A redelivered
 * OtpRequested finds its attempt already claimed and sends nothing.
 */
export class DeliveryLedger {
  private readonly deliveries: Collection<DeliveryRecord>;
  private readonly receipts: Collection<{ _id: string; at: Date }>;
  /** `${provider}:${providerMessageId}` → delivery id: receipts find their attempt by `_id`, without a scan. */
  private readonly messageIds: Collection<{ _id: string; deliveryId: string }>;

  constructor(db: Db) {
    this.deliveries = db.collection<DeliveryRecord>('deliveries');
    this.receipts = db.collection<{ _id: string; at: Date }>('delivery_receipts');
    this.messageIds = db.collection<{ _id: string; deliveryId: string }>('provider_message_ids');
  }

  async claim(
    record: Omit<DeliveryRecord, '_id' | 'providerMessageId' | 'state' | 'claimedAt' | 'sentAt'>,
  ): Promise<boolean> {
    try {
      await this.deliveries.insertOne({
        ...record,
        _id: `${record.verificationId}:${record.attempt}`,
        providerMessageId: null,
        state: 'sending',
        claimedAt: new Date(),
        sentAt: null,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async markSent(verificationId: string, attempt: number, providerMessageId: string, provider: string): Promise<void> {
    await this.messageIds.replaceOne(
      { _id: `${provider}:${providerMessageId}` },
      { deliveryId: `${verificationId}:${attempt}` },
      { upsert: true },
    );
    await this.deliveries.updateOne(
      { _id: `${verificationId}:${attempt}` },
      { $set: { providerMessageId, state: 'sent', sentAt: new Date() } },
    );
  }

  async markFailed(verificationId: string, attempt: number): Promise<void> {
    await this.deliveries.updateOne({ _id: `${verificationId}:${attempt}` }, { $set: { state: 'failed' } });
  }

  async findByProviderMessageId(provider: string, providerMessageId: string): Promise<DeliveryRecord | null> {
    const pointer = await this.messageIds.findOne({ _id: `${provider}:${providerMessageId}` });
    if (!pointer) return null;
    const delivery = await this.deliveries.findOne({ _id: pointer.deliveryId });
    return delivery?.state === 'sent' ? delivery : null;
  }

  /** Undoes firstReceipt when the receipt could not be passed on, so the provider's redelivery is not lost. */
  async forgetReceipt(providerMessageId: string, status: string): Promise<void> {
    await this.receipts.deleteOne({ _id: `${providerMessageId}:${status}` });
  }

  /** True the first time a (message, status) receipt is seen; replayed callbacks return false. */
  async firstReceipt(providerMessageId: string, status: string): Promise<boolean> {
    try {
      await this.receipts.insertOne({ _id: `${providerMessageId}:${status}`, at: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

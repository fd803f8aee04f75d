import { Schema } from 'mongoose';

/**
 * For providers whose receipts carry only their own message id (SMPP): the attempt that message belongs to.
 * `_id` is `<provider>:<providerMessageId>`; written once per send, read by `_id` only when a receipt misses the
 * in-memory map (after a restart). Retention: a sweep by `sentAt`, the one index besides `_id`, created at boot
 * only by a channel whose provider needs this map.
 */
export interface ProviderMessage {
  _id: string;
  tenantId: string;
  verificationId: string;
  attempt: number;
  requestedAt: Date;
  sentAt: Date;
  traceparent?: string | null;
}

export const PROVIDER_MESSAGE_MODEL = 'ProviderMessage';
export const PROVIDER_MESSAGE_COLLECTION = 'provider_messages';

export const ProviderMessageSchema = new Schema<ProviderMessage>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    verificationId: { type: String, required: true },
    attempt: { type: Number, required: true },
    requestedAt: { type: Date, required: true },
    sentAt: { type: Date, required: true },
    traceparent: { type: String, default: null },
  },
  { collection: PROVIDER_MESSAGE_COLLECTION, versionKey: false, autoIndex: false, autoCreate: false },
);
ProviderMessageSchema.index({ sentAt: 1 }, { name: 'sentAt_retention' });

import { Schema } from 'mongoose';
import type { Channel } from '@tessera/contracts';

/**
 * One try of one delivery attempt, claimed by a unique insert before the provider is called, so a redelivered
 * OtpRequested (or two replicas racing on it) sends nothing more. The `_id` says everything the fence needs:
 *
 *   `<hour the code expires, yyyymmddhh UTC>/<verificationId>:<attempt>` for the first try,
 *   `…:<attempt>:<try>` for each retry (a retry is a republished OtpRequested and is fenced on its own).
 *
 * The hour prefix comes from the message (its `expiresAt`), so every copy of a message claims the same `_id`; it
 * also makes `_id` order time order, so retention is a range delete on `_id` (no other index, nothing to scan on the
 * hot path). The document is written once and never updated: what became of the attempt is the otp-service's.
 */
export interface DeliveryClaim {
  _id: string;
  tenantId: string;
  verificationId: string;
  attempt: number;
  try: number;
  channel: Channel;
  provider: string;
  claimedAt: Date;
}

export const DELIVERY_CLAIM_MODEL = 'DeliveryClaim';
export const DELIVERY_CLAIM_COLLECTION = 'delivery_claims';

/** Indexes: `_id` only (the fence and the retention range both use it). */
export const DeliveryClaimSchema = new Schema<DeliveryClaim>(
  {
    _id: { type: String, required: true },
    tenantId: { type: String, required: true },
    verificationId: { type: String, required: true },
    attempt: { type: Number, required: true },
    try: { type: Number, required: true },
    channel: { type: String, required: true },
    provider: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: DELIVERY_CLAIM_COLLECTION, versionKey: false, autoIndex: false, autoCreate: false },
);

/** `yyyymmddhh` (UTC) of a time: the claim id's prefix, and the bound of a retention sweep. */
export function claimHourOf(at: Date): string {
  return at.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

export function deliveryClaimId(expiresAt: Date, verificationId: string, attempt: number, tryNumber: number): string {
  const base = `${claimHourOf(expiresAt)}/${verificationId}:${attempt}`;
  return tryNumber === 1 ? base : `${base}:${tryNumber}`;
}

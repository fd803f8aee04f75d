import { Schema } from 'mongoose';
import type { Channel } from '@tessera/contracts';

/**
 * One try of one delivery attempt, claimed by a unique insert before the provider is called, so a redelivered
 * OtpRequested (or two replicas racing on it) sends nothing more. The `_id` says everything the fence needs:
 *
 *   `<hour the code expires, yyyymmddhh UTC>/<verificationId>:<attempt>` for the first try,
 *   `…:<attempt>:<try>` for each retry (a retry is a republished OtpRequested and is fenced on its own).
 *
 * The hour comes from the message (its `expiresAt`), so every copy of a message claims the same `_id` in the same
 * collection: one collection per hour (`delivery_claims_<yyyymmddhh>`), so retention drops whole collections and
 * never scans one (FerretDB v1 pushes no range on `_id` down). The document is written once and never updated:
 * what became of the attempt is the otp-service's.
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
/** The one collection of the claims stored before the hourly ones; retention empties it, then drops it. */
export const DELIVERY_CLAIM_COLLECTION = 'delivery_claims';
const HOURLY_PREFIX = `${DELIVERY_CLAIM_COLLECTION}_`;

/** Indexes: `_id` only (the fence). The model names the earlier collection; each hour's is its own (below). */
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

/** `yyyymmddhh` (UTC) of a time: the claim id's prefix and its collection's suffix, and the bound of a retention sweep. */
export function claimHourOf(at: Date): string {
  return at.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

export function deliveryClaimId(expiresAt: Date, verificationId: string, attempt: number, tryNumber: number): string {
  const base = `${claimHourOf(expiresAt)}/${verificationId}:${attempt}`;
  return tryNumber === 1 ? base : `${base}:${tryNumber}`;
}

/** The collection that holds the claims of codes expiring in `expiresAt`'s hour. */
export const claimCollectionOf = (expiresAt: Date): string => `${HOURLY_PREFIX}${claimHourOf(expiresAt)}`;

/** The hour (`yyyymmddhh`) of a collection of claims, or null for any other collection. */
export function hourOfClaimCollection(name: string): string | null {
  const hour = name.startsWith(HOURLY_PREFIX) ? name.slice(HOURLY_PREFIX.length) : '';
  return /^\d{10}$/.test(hour) ? hour : null;
}

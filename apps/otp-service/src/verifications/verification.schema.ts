import { Schema } from 'mongoose';
import type { Channel, DeliveryStatus, Envelope, SealedCode, VerificationStatus } from '@tessera/contracts';

export interface DeliveryAttempt {
  attempt: number;
  channel: Channel;
  provider: string | null;
  providerMessageId: string | null;
  status: DeliveryStatus;
  errorCode: string | null;
  history: { status: DeliveryStatus; at: Date; errorCode: string | null }[];
  requestedAt: Date;
  /** When fallback moves on if no `delivered` arrived (null for the last step of the plan). */
  stepDeadline: Date | null;
}

export interface OutboxEntry {
  topic: string;
  envelope: Envelope;
}

export interface VerificationRecord {
  /** `vf_<routing key><random>`: see libs/contracts routing-key.ts. */
  _id: string;
  tenantId: string;
  /** The partition (of every otp-service input topic) whose owner is this record's only writer. */
  partition: number;
  /** Normalised destination: E.164 or lower-cased email. Needed to resend; masked in every answer. */
  to: string;
  destinationKey: string;
  plan: Channel[];
  /** Index in `plan` of the channel in use. */
  step: number;
  status: VerificationStatus;
  reason: string | null;
  codeHash: string;
  /** Sealed (AES-256-GCM) so fallback and resend send the same code; never the code itself. */
  sealedCode: SealedCode;
  codeLength: number;
  locale: string;
  metadata: Record<string, unknown>;
  maxChecks: number;
  /** Checks counted so far, carried over from the destination's unapproved verification of the last hour. */
  checksUsed: number;
  maxSends: number;
  sendsUsed: number;
  resendAvailableAt: Date | null;
  deliveries: DeliveryAttempt[];
  /** `commandId`: the approving check's command (its eventId), so that a retry of that command is answered approved. */
  checks: { at: Date; valid: boolean; commandId?: string }[];
  /** Events of this record not yet known to be published (the outbox travels with the record). */
  outbox: OutboxEntry[];
  /** Bumped by every write; a write names the version it read (`replaceOne({_id, version})`). */
  version: number;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  /** The W3C trace of the request that started it: events of timers and fallback carry it on (absent: older records). */
  traceparent?: string | null;
}

export const TERMINAL_STATUSES: readonly VerificationStatus[] = [
  'approved',
  'canceled',
  'expired',
  'max_attempts_reached',
  'failed',
];

const { Mixed } = Schema.Types;

/**
 * Only retention's backstop scans `endedAt` (RETENTION_SCAN_INTERVAL_MS); every other read and write is by `_id`.
 * Records are written in the form of verification.stored-form.ts: the fields it queries as themselves, the rest in
 * `state` (JSON text); records stored before that form have every field as itself.
 */
export const VerificationSchema = new Schema<VerificationRecord & { state: string }>(
  {
    _id: String,
    tenantId: String,
    partition: Number,
    status: String,
    reason: { type: String, default: null },
    version: Number,
    expiresAt: Date,
    createdAt: Date,
    updatedAt: Date,
    endedAt: { type: Date, default: null },
    state: String,
    // records stored before the form of verification.stored-form.ts
    to: String,
    destinationKey: String,
    plan: [String],
    step: Number,
    codeHash: String,
    sealedCode: Mixed,
    codeLength: Number,
    locale: String,
    metadata: Mixed,
    maxChecks: Number,
    checksUsed: Number,
    maxSends: Number,
    sendsUsed: Number,
    resendAvailableAt: { type: Date, default: null },
    deliveries: Mixed,
    checks: Mixed,
    outbox: Mixed,
    traceparent: { type: String, default: null },
  },
  { collection: 'verifications', versionKey: false, minimize: false },
);
VerificationSchema.index({ endedAt: 1 });

export const VERIFICATION_MODEL = 'Verification';

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
  _id: string;
  tenantId: string;
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
  /** Check attempts share this key across verifications of one destination until an approval. */
  checkKey: string;
  maxChecks: number;
  maxSends: number;
  sendsUsed: number;
  resendAvailableAt: Date | null;
  deliveries: DeliveryAttempt[];
  checks: { at: Date; valid: boolean }[];
  outbox: OutboxEntry[];
  hasOutbox: boolean;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

export const TERMINAL_STATUSES: readonly VerificationStatus[] = [
  'approved',
  'canceled',
  'expired',
  'max_attempts_reached',
  'failed',
];

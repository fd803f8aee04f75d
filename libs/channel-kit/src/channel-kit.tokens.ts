import type { RetryPolicy } from '@tessera/messaging';

export const CHANNEL_OPTIONS = Symbol('CHANNEL_OPTIONS');

export interface ChannelOptions {
  /** Provider calls per second (WhatsApp: 80 per number; SMPP: the SMSC's TPS). */
  ratePerSecond: number;
  /** Retries of retryable provider errors (each a republished OtpRequested) before the attempt is failed. */
  sendRetry: RetryPolicy;
  /** Provider sends running at once, outside the Kafka handlers; a full pool makes the next handler wait. */
  maxSendsInFlight: number;
  /** Hours a delivery claim (and a provider message pointer) is kept after its code expired. */
  retentionHours: number;
}

import type { RetryPolicy } from '@tessera/messaging';

export const DELIVERY_LEDGER = Symbol('DELIVERY_LEDGER');
export const CHANNEL_OPTIONS = Symbol('CHANNEL_OPTIONS');

export interface ChannelOptions {
  /** Provider calls per second (WhatsApp: 80 per number; SMPP: the SMSC's TPS). */
  ratePerSecond: number;
  /** Retries of retryable provider errors before the attempt is failed and dead-lettered. */
  sendRetry: RetryPolicy;
}

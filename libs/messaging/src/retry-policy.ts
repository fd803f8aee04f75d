import { isTransientMongoError } from '@tessera/persistence';

export interface RetryPolicy {
  /** Attempts after the first for an unexpected error before the message is dead-lettered. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 5000 };

/** Exponential backoff with full jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

/** Infrastructure being down is not the message's fault: wait for it instead of dead-lettering. */
export function isInfrastructureOutage(error: unknown): boolean {
  if (isTransientMongoError(error)) return true;
  return error instanceof Error && /^KafkaJS(Connection|Request|Broker|NumberOfRetriesExceeded)Error$/.test(error.name);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

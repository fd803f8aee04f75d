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

/** kafkajs's errors (their `name`s) for a broker that cannot be reached or did not answer. */
const KAFKA_OUTAGES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSNumberOfRetriesExceeded',
]);

/**
 * Infrastructure being down is not the message's fault: wait for it instead of dead-lettering. kafkajs gives up
 * on a broker that is away with a KafkaJSNonRetriableError whose `cause` is the connection error, so the causes
 * are looked through.
 */
export function isInfrastructureOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (isTransientMongoError(current) || KAFKA_OUTAGES.has(current.name)) return true;
    current = current.cause;
  }
  return false;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

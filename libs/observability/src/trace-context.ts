import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** W3C trace-context `traceparent`: version 00, 32-hex trace id, 16-hex parent (span) id, flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE = '0'.repeat(32);

export interface TraceContext {
  traceparent: string;
  traceId: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

/** The context of a valid `traceparent`, or null (absent, malformed, or the all-zero trace id W3C forbids). */
export function parseTraceparent(value: string | null | undefined): TraceContext | null {
  const match = value ? TRACEPARENT.exec(value) : null;
  if (!match || match[1] === ZERO_TRACE) return null;
  return { traceparent: value!, traceId: match[1]! };
}

/** A fresh, sampled trace: what an edge starts when the caller sent none. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/**
 * Runs `work` (and everything it awaits or schedules) in the trace `traceparent`, or in a new trace when that is
 * absent or invalid: every log line written meanwhile carries its trace id, and every event published carries it on.
 */
export function runInTrace<T>(traceparent: string | null | undefined, work: () => T): T {
  return storage.run(parseTraceparent(traceparent) ?? parseTraceparent(newTraceparent())!, work);
}

/** The `traceparent` of the work in hand, or null outside any (a timer, boot). */
export function currentTraceparent(): string | null {
  return storage.getStore()?.traceparent ?? null;
}

/** What a log line adds: the trace id of the work in hand, if any. */
export function traceLogFields(): { traceId?: string } {
  const context = storage.getStore();
  return context ? { traceId: context.traceId } : {};
}

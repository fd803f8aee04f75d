import type { DeliveryAttempt, OutboxEntry, VerificationRecord } from './verification.schema';

/**
 * A verification record as stored: every top-level field as itself (what an operator or the retention sweep
 * queries), and its three lists (delivery attempts, checks, outbox) each as one JSON text. FerretDB v1 spends its
 * CPU per stored field (it keeps a type schema beside every value and rebuilds the whole document on each
 * write): with the lists as JSON a receipt write cost it 0.6–0.8 ms of CPU instead of 0.8–0.9 ms
 * (`ferretdb-point-ops.bench.ts records`), and a write with two events in the outbox about half. Records stored
 * with the lists as arrays (before this form) are read as they are.
 */
export type StoredVerification = Omit<VerificationRecord, 'deliveries' | 'checks' | 'outbox'> & {
  deliveries: string | DeliveryAttempt[];
  checks: string | VerificationRecord['checks'];
  outbox: string | OutboxEntry[];
};

export function toStoredVerification(record: VerificationRecord): StoredVerification {
  return {
    ...record,
    deliveries: JSON.stringify(record.deliveries),
    checks: JSON.stringify(record.checks),
    outbox: JSON.stringify(record.outbox),
  };
}

export function fromStoredVerification(stored: StoredVerification): VerificationRecord {
  return {
    ...stored,
    deliveries: typeof stored.deliveries === 'string' ? parseDeliveries(stored.deliveries) : stored.deliveries,
    checks: typeof stored.checks === 'string' ? parseChecks(stored.checks) : stored.checks,
    outbox: typeof stored.outbox === 'string' ? (JSON.parse(stored.outbox) as OutboxEntry[]) : stored.outbox,
  };
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

function parseDeliveries(text: string): DeliveryAttempt[] {
  return (JSON.parse(text) as (Json<DeliveryAttempt> & { history: Json<DeliveryAttempt['history'][number]>[] })[]).map(
    (d) => ({
      ...d,
      requestedAt: new Date(d.requestedAt),
      stepDeadline: d.stepDeadline == null ? null : new Date(d.stepDeadline),
      history: d.history.map((h) => ({ ...h, at: new Date(h.at) })),
    }),
  );
}

function parseChecks(text: string): VerificationRecord['checks'] {
  return (JSON.parse(text) as Json<VerificationRecord['checks'][number]>[]).map((c) => ({ ...c, at: new Date(c.at) }));
}

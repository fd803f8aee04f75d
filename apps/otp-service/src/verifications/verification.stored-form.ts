import type { DeliveryAttempt, OutboxEntry, VerificationRecord } from './verification.schema';

/** The fields stored as themselves: what an operator, the retention sweep or a guarded write queries. */
export const QUERIED_FIELDS = [
  '_id',
  'tenantId',
  'partition',
  'status',
  'reason',
  'version',
  'expiresAt',
  'createdAt',
  'updatedAt',
  'endedAt',
] as const;
type QueriedField = (typeof QUERIED_FIELDS)[number];

type Queried = Pick<VerificationRecord, QueriedField>;
type State = Omit<VerificationRecord, QueriedField>;

/**
 * A verification record as stored: the queried fields as themselves and everything else (destination, code hash,
 * sealed code, plan, counters, delivery attempts, checks, outbox) as one JSON text, `state`. FerretDB v1 spends
 * its CPU per stored field (it keeps a type schema beside every value and rebuilds the whole document on each
 * write): a receipt write of a record cost it 0.8 ms of CPU with every field as itself, 0.6-0.7 ms with the three
 * lists as JSON, 0.4-0.5 ms in this form (`ferretdb-point-ops.bench.ts records`).
 */
export type StoredVerification = Queried & { state: string };

/** Records stored before this form: every field as itself, the three lists as arrays or each as JSON text. */
export type EarlierStoredVerification = Omit<VerificationRecord, 'deliveries' | 'checks' | 'outbox'> & {
  deliveries: string | DeliveryAttempt[];
  checks: string | VerificationRecord['checks'];
  outbox: string | OutboxEntry[];
};

export function toStoredVerification(record: VerificationRecord): StoredVerification {
  const { _id, tenantId, partition, status, reason, version, expiresAt, createdAt, updatedAt, endedAt, ...state } =
    record;
  const queried: Queried = {
    _id,
    tenantId,
    partition,
    status,
    reason,
    version,
    expiresAt,
    createdAt,
    updatedAt,
    endedAt,
  };
  return { ...queried, state: JSON.stringify(state) };
}

export function fromStoredVerification(stored: StoredVerification | EarlierStoredVerification): VerificationRecord {
  if ('state' in stored && typeof stored.state === 'string') {
    const { state, ...queried } = stored;
    return { ...queried, ...parseState(state) };
  }
  const earlier = stored as EarlierStoredVerification;
  return {
    ...earlier,
    deliveries:
      typeof earlier.deliveries === 'string' ? reviveDeliveries(JSON.parse(earlier.deliveries)) : earlier.deliveries,
    checks: typeof earlier.checks === 'string' ? reviveChecks(JSON.parse(earlier.checks)) : earlier.checks,
    outbox: typeof earlier.outbox === 'string' ? (JSON.parse(earlier.outbox) as OutboxEntry[]) : earlier.outbox,
  };
}

/** A type as JSON.parse gives it back: its Dates as ISO strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type JsonDelivery = Json<DeliveryAttempt> & { history: Json<DeliveryAttempt['history'][number]>[] };
type JsonState = Omit<Json<State>, 'deliveries' | 'checks'> & {
  deliveries: JsonDelivery[];
  checks: Json<VerificationRecord['checks'][number]>[];
};

function parseState(text: string): State {
  const state = JSON.parse(text) as JsonState;
  return {
    ...state,
    resendAvailableAt: state.resendAvailableAt == null ? null : new Date(state.resendAvailableAt),
    deliveries: reviveDeliveries(state.deliveries),
    checks: reviveChecks(state.checks),
  };
}

function reviveDeliveries(deliveries: JsonDelivery[]): DeliveryAttempt[] {
  return deliveries.map((d) => ({
    ...d,
    requestedAt: new Date(d.requestedAt),
    stepDeadline: d.stepDeadline == null ? null : new Date(d.stepDeadline),
    history: d.history.map((h) => ({ ...h, at: new Date(h.at) })),
  }));
}

function reviveChecks(checks: Json<VerificationRecord['checks'][number]>[]): VerificationRecord['checks'] {
  return checks.map((c) => ({ ...c, at: new Date(c.at) }));
}

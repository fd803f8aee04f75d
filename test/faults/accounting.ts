import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import type { LocalSystem } from '../bench/system/local-system';
import type { FlowRecord } from './fault-run';
import type { InboxRecords } from './inbox-records';
import type { VerifiedEvents } from './verified-events';

/** Every request that got a 2xx, accounted for. */
export interface Accounting {
  /** Creates answered 2xx. */
  accepted: number;
  approvedInFlow: number;
  approvedOnFollowUp: number;
  /** Every accepted verification by its final state in the otp-service's records (`approved`, `expired`, …). */
  finalStates: Record<string, number>;
  /** Not approved: ended with a reason; by `status (reason)`. */
  endedWithReason: Record<string, number>;
  /** Ended but with no reason. */
  endedWithoutReason: string[];
  /** Accepted, but no record of them. */
  lost: string[];
  /** Still pending after their TTL (and a grace for the expiry timer). */
  stuckPending: string[];
  /** (verification, attempt) the sandbox accepted more than once. */
  duplicateSends: { verificationId: string; attempt: number | null; count: number }[];
  /** More than one OtpVerified event id, or more than one `approved` answer, for one verification. */
  approvedTwice: string[];
  /** Approved in the records but no OtpVerified on the bus, and the other way round. */
  approvedWithoutEvent: string[];
  eventWithoutApproval: string[];
  /** Flows that got no 2xx (not accounted: nothing was accepted), by error. */
  refused: Record<string, number>;
  /** Messages the sandbox accepted (copied from its inbox). */
  messagesAccepted: number;
  /**
   * Verifications the sandbox got a code for whose create was answered with an error (a 503 whose command was
   * already running when the gateway gave up; one not yet started is dropped at its reply deadline).
   */
  sentAfterRefusal: string[];
}

interface Row {
  _id: string;
  status: string;
  reason: string | null;
  expiresAt: Date;
}

const GRACE_MS = 5000;

async function readRecords(db: string, ids: string[]): Promise<Map<string, Row>> {
  const client = new MongoClient('mongodb://127.0.0.1:27017', { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const rows = await client
      .db(db)
      .collection<Row>('verifications')
      .find({ _id: { $in: ids } }, { projection: { status: 1, reason: 1, expiresAt: 1 } })
      .toArray();
    return new Map(rows.map((r) => [r._id, r]));
  } finally {
    await client.close();
  }
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * The accounting after the load: reads the otp-service's records of every accepted verification (waiting out the
 * TTL of those still pending), the sandbox's copies for duplicate sends, and the OtpVerified events for double
 * approvals.
 */
export async function account({
  system,
  flows,
  inbox,
  verified,
  ttlSeconds,
  log,
}: {
  system: LocalSystem;
  flows: FlowRecord[];
  inbox: InboxRecords;
  verified: VerifiedEvents;
  ttlSeconds: number;
  log: (line: string) => void;
}): Promise<Accounting> {
  const db = system.databases.find((d) => d.endsWith('_otp'))!;
  const accepted = flows.filter((f) => f.result.verificationId);
  const ids = accepted.map((f) => f.result.verificationId!);
  let records = await readRecords(db, ids);
  const pending = [...records.values()].filter((r) => r.status === 'pending');
  if (pending.length > 0) {
    const last = Math.max(...pending.map((r) => new Date(r.expiresAt).getTime()));
    const wait = Math.min(last + GRACE_MS - Date.now(), ttlSeconds * 1000 + GRACE_MS);
    log(`${pending.length} still pending: waiting ${Math.max(0, wait / 1000).toFixed(0)} s for their TTL`);
    if (wait > 0) await sleep(wait);
    const again = await readRecords(
      db,
      pending.map((r) => r._id),
    );
    records = new Map([...records, ...again]);
  }
  const approvedIds = [...records.values()].filter((r) => r.status === 'approved').map((r) => r._id);
  // the events trail the records by a publish: wait (bounded) until every approval has its event
  for (let i = 0; i < 40 && approvedIds.some((id) => !verified.eventIds.has(id)); i++) await sleep(500);

  const result: Accounting = {
    accepted: accepted.length,
    approvedInFlow: accepted.filter((f) => f.result.ok).length,
    approvedOnFollowUp: accepted.filter((f) => f.followUp?.outcome === 'approved').length,
    finalStates: {},
    endedWithReason: {},
    endedWithoutReason: [],
    lost: [],
    stuckPending: [],
    duplicateSends: [],
    approvedTwice: [],
    approvedWithoutEvent: [],
    eventWithoutApproval: [],
    refused: {},
    messagesAccepted: 0,
    sentAfterRefusal: [],
  };
  const now = Date.now();
  for (const flow of accepted) {
    const id = flow.result.verificationId!;
    const record = records.get(id);
    if (!record) {
      result.lost.push(id);
      continue;
    }
    bump(result.finalStates, record.status);
    if (record.status === 'pending') {
      if (new Date(record.expiresAt).getTime() + GRACE_MS < now) result.stuckPending.push(id);
    } else if (record.status !== 'approved') {
      if (record.reason) bump(result.endedWithReason, `${record.status} (${record.reason})`);
      else result.endedWithoutReason.push(id);
    }
    const answers = (flow.result.ok ? 1 : 0) + (flow.followUp?.approvedAnswers ?? 0);
    if (answers > 1 || (verified.eventIds.get(id)?.size ?? 0) > 1) result.approvedTwice.push(id);
    if (record.status === 'approved' && !verified.eventIds.has(id)) result.approvedWithoutEvent.push(id);
    if (record.status !== 'approved' && verified.eventIds.has(id)) result.eventWithoutApproval.push(id);
  }
  for (const flow of flows) if (!flow.result.verificationId) bump(result.refused, flow.result.error ?? 'unknown');
  const sends = new Map<string, number>();
  const acceptedIds = new Set(ids);
  const sentAfterRefusal = new Set<string>();
  for (const message of inbox.records) {
    if (message.outcome !== 'accepted' || !message.verificationId) continue;
    result.messagesAccepted++;
    if (!acceptedIds.has(message.verificationId)) sentAfterRefusal.add(message.verificationId);
    // every flow asks one channel, no resends: each verification has one attempt, whatever the carrier tags
    const key = `${message.verificationId}#${message.attempt ?? 1}`;
    sends.set(key, (sends.get(key) ?? 0) + 1);
  }
  for (const [key, count] of sends) {
    if (count < 2) continue;
    const [verificationId, attempt] = key.split('#');
    result.duplicateSends.push({ verificationId, attempt: Number(attempt), count });
  }
  result.sentAfterRefusal = [...sentAfterRefusal];
  return result;
}

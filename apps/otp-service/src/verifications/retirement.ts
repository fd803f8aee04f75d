import { z } from 'zod';

/**
 * How a partition's ended records leave the database by `_id`, with no scan. When ended records leave the live
 * list, their ids (and their destinations' keys) join the list's `pending` in the same write; once enough have
 * gathered, or the first has waited long enough, that write also stores them as a numbered batch
 * (`retire:<partition>:<seq>`, immutable). Retention walks the batches in order: past RETENTION_DAYS it deletes a
 * batch's records by `_id`; past the idle cutoff (at least a day) their approval fences, the batch's destinations
 * not used since, and the batch. Two cursors, because the idle cutoff may come later than the records' one.
 */
export interface Retirement {
  /** The number the next batch gets. */
  next: number;
  /** Batches below this one had their records deleted. */
  recordsSwept: number;
  /** Batches below this one are gone (their idle destinations too). */
  swept: number;
  /** Ended records that left the live list and are in no batch yet. */
  pending: string[];
  /** The destination keys of `pending`, each once. */
  pendingDestinations: string[];
  /** When the first of `pending` joined it (epoch ms). */
  pendingSince: number | null;
}

export interface RetiredBatch {
  seq: number;
  closedAt: Date;
  ids: string[];
  destinations: string[];
}

/** A batch closes at this many records... */
export const RETIRE_BATCH_SIZE = 64;
/** ...or when its first record has waited this long (never longer than the retention itself). */
export const RETIRE_BATCH_MAX_WAIT_MS = 60_000;

export const emptyRetirement = (): Retirement => ({
  next: 0,
  recordsSwept: 0,
  swept: 0,
  pending: [],
  pendingDestinations: [],
  pendingSince: null,
});

export const retiredBatchId = (partition: number, seq: number): string => `retire:${partition}:${seq}`;

/** Whether the pending records must go into a batch at `now`, with no other record ending. */
export function batchIsDue(state: Retirement, now: number, maxWaitMs: number): boolean {
  return state.pendingSince !== null && now - state.pendingSince >= maxWaitMs;
}

/**
 * The retirement after `ended` (records that leave the live list at `now`) join the pending ones, and the batch it
 * closes, if one is due.
 */
export function retire(
  state: Retirement,
  ended: readonly { _id: string; destinationKey: string }[],
  now: number,
  maxWaitMs: number,
): { state: Retirement; batch: RetiredBatch | null } {
  const pending = [...state.pending, ...ended.map((r) => r._id)];
  const destinations = [...new Set([...state.pendingDestinations, ...ended.map((r) => r.destinationKey)])];
  const pendingSince = pending.length === 0 ? null : (state.pendingSince ?? now);
  const next = { ...state, pending, pendingDestinations: destinations, pendingSince };
  if (pending.length < RETIRE_BATCH_SIZE && !batchIsDue(next, now, maxWaitMs)) return { state: next, batch: null };
  return {
    state: { ...next, next: state.next + 1, pending: [], pendingDestinations: [], pendingSince: null },
    batch: { seq: state.next, closedAt: new Date(now), ids: pending, destinations },
  };
}

const StoredRetirement = z.object({
  next: z.number().int().min(0),
  recordsSwept: z.number().int().min(0),
  swept: z.number().int().min(0),
  pending: z.array(z.string()),
  pendingDestinations: z.array(z.string()),
  pendingSince: z.number().nullable(),
});

/** The retirement stored with a live list (JSON text); an empty one for a list stored before retirements. */
export function parseRetirement(text: string | undefined): Retirement {
  return text === undefined ? emptyRetirement() : StoredRetirement.parse(JSON.parse(text));
}

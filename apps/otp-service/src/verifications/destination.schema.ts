import { Schema } from 'mongoose';

/**
 * What the owner of a destination's partition knows about that destination (its `_id` is the tenant-scoped
 * destination key): its latest verification, for a check by destination and for carrying failed checks over to
 * a new code, and the sends of the current clock hour, for the per-destination cap.
 */
export interface DestinationRecord {
  _id: string;
  kind: 'destination';
  tenantId: string;
  latestId: string | null;
  /** Hours since the epoch of `sendsInHour`. */
  hour: number;
  sendsInHour: number;
  updatedAt: Date;
}

/**
 * The verifications of one partition that are still live (pending, or with events that may not be published):
 * the owner rebuilds its timers and republishes unmarked events from it when the partition is assigned.
 * Kept in the destinations collection (`_id: partition:<n>`) so a new verification writes it and its destination
 * in one command, and with it the batches of ended records on their way out (retirement.ts).
 */
export interface PartitionLiveList {
  _id: string;
  kind: 'partition';
  /**
   * The ids as one JSON text (FerretDB v1 spends its CPU per stored value: a list of 40 cost it 0.55 ms a write as
   * an array, 0.38 as text); an array in lists stored before.
   */
  live: string | string[];
  /** The partition's Retirement (retirement.ts) as JSON text; absent in lists stored before it. */
  retire?: string;
  updatedAt: Date;
}

/** A RetiredBatch as stored (`_id: retire:<partition>:<seq>`), its lists as JSON text; written once, never changed. */
export interface RetiredBatchDocument {
  _id: string;
  kind: 'retire';
  closedAt: Date;
  ids: string;
  destinations: string;
}

export const partitionListId = (partition: number): string => `partition:${partition}`;

export const DestinationSchema = new Schema<DestinationRecord | PartitionLiveList | RetiredBatchDocument>(
  {
    _id: String,
    kind: String,
    tenantId: String,
    latestId: String,
    hour: Number,
    sendsInHour: Number,
    live: Schema.Types.Mixed,
    retire: String,
    closedAt: Date,
    ids: String,
    destinations: String,
    updatedAt: Date,
  },
  { collection: 'verification_destinations', versionKey: false, minimize: false, strict: false },
);
DestinationSchema.index({ updatedAt: 1 });

export const DESTINATION_MODEL = 'VerificationDestination';

export interface ApprovalFence {
  _id: string;
  /** The eventId of the check command that approved. */
  checkId: string;
  at: Date;
}

/** One document per approved verification, inserted before the approval is written: the fence that holds. */
export const ApprovalSchema = new Schema<ApprovalFence>(
  { _id: String, checkId: String, at: Date },
  { collection: 'verification_approvals', versionKey: false },
);
ApprovalSchema.index({ at: 1 });

export const APPROVAL_MODEL = 'VerificationApproval';

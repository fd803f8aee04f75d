import { Inject, Injectable } from '@nestjs/common';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { VerificationRepository } from './verification.repository';
import {
  RETIRE_BATCH_MAX_WAIT_MS,
  batchIsDue,
  emptyRetirement,
  retire,
  type RetiredBatch,
  type Retirement,
} from './retirement';

const DAY_MS = 86_400_000;
/** Batches each cursor of a partition takes in one sweep: a backlog drains in steps, never in one burst. */
const BATCHES_PER_SWEEP = 4;

interface OwnedRetirement {
  state: Retirement;
  /** The batches read at the cursors, until they pass them (so a batch not yet due is read once). */
  read: Map<number, RetiredBatch | null>;
  sweeping: boolean;
}

export interface RetirementPlan {
  state: Retirement;
  batch: RetiredBatch | null;
}

/**
 * The retirements of the partitions this replica owns (retirement.ts). The partition's lane plans what its next
 * live-list write stores; the retention sweeper deletes the batches that are due, outside the lane, by `_id`.
 */
@Injectable()
export class RetiredRecords {
  private readonly owned = new Map<number, OwnedRetirement>();
  private readonly maxWaitMs: number;

  constructor(
    @Inject(OTP_SERVICE_CONFIG) config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
  ) {
    this.maxWaitMs = Math.min(RETIRE_BATCH_MAX_WAIT_MS, config.RETENTION_DAYS * DAY_MS);
  }

  gained(partition: number, stored: Retirement): void {
    this.owned.set(partition, { state: stored, read: new Map(), sweeping: false });
  }

  lost(partition: number): void {
    this.owned.delete(partition);
  }

  /** What the partition's next live-list write stores once `ended` leave the list, and the batch it closes. */
  plan(partition: number, ended: readonly { _id: string; destinationKey: string }[], now: number): RetirementPlan {
    return retire(this.ownedOf(partition).state, ended, now, this.maxWaitMs);
  }

  /** The write that carried `plan` is stored. */
  stored(partition: number, plan: RetirementPlan): void {
    const owned = this.owned.get(partition);
    if (!owned) return;
    const { recordsSwept, swept } = owned.state;
    owned.state = { ...plan.state, recordsSwept, swept };
    // a batch closed at a cursor is kept, so that the sweep never reads back what this replica wrote
    if (plan.batch && (plan.batch.seq === recordsSwept || plan.batch.seq === swept)) {
      owned.read.set(plan.batch.seq, plan.batch);
    }
  }

  /** Whether the partition's pending records must go into a batch now, though none ended since. */
  batchIsDue(partition: number, now: number): boolean {
    const owned = this.owned.get(partition);
    return owned !== undefined && batchIsDue(owned.state, now, this.maxWaitMs);
  }

  /**
   * Deletes the partition's batches that are due: the records of those closed before `endedBefore`; the approval
   * fences, the idle destinations and the batch itself of those closed before `idleBefore`. Answers how many
   * records went.
   */
  async sweep(partition: number, endedBefore: Date, idleBefore: Date): Promise<number> {
    const owned = this.owned.get(partition);
    if (!owned || owned.sweeping) return 0;
    owned.sweeping = true;
    let deleted = 0;
    try {
      for (let n = 0; n < BATCHES_PER_SWEEP && owned.state.recordsSwept < owned.state.next; n++) {
        const seq = owned.state.recordsSwept;
        const batch = await this.batchAt(partition, owned, seq);
        if (batch && batch.closedAt >= endedBefore) break;
        if (batch) deleted += await this.repository.deleteRetiredRecords(batch);
        if (this.owned.get(partition) !== owned) return deleted;
        owned.state.recordsSwept = seq + 1;
        // the other cursor is here too and the batch is idle as well (the default): both at once, one read
        if (seq === owned.state.swept && !(batch && batch.closedAt >= idleBefore)) {
          await this.deleteBatch(partition, owned, seq, batch, idleBefore);
        } else if (seq !== owned.state.swept) {
          owned.read.delete(seq);
        }
      }
      for (let n = 0; n < BATCHES_PER_SWEEP && owned.state.swept < owned.state.recordsSwept; n++) {
        const seq = owned.state.swept;
        const batch = await this.batchAt(partition, owned, seq);
        if (batch && batch.closedAt >= idleBefore) break;
        await this.deleteBatch(partition, owned, seq, batch, idleBefore);
      }
      return deleted;
    } finally {
      owned.sweeping = false;
    }
  }

  private async deleteBatch(
    partition: number,
    owned: OwnedRetirement,
    seq: number,
    batch: RetiredBatch | null,
    idleBefore: Date,
  ): Promise<void> {
    if (batch) await this.repository.deleteRetiredBatch(partition, batch, idleBefore);
    owned.read.delete(seq);
    if (this.owned.get(partition) === owned) owned.state.swept = seq + 1;
  }

  private ownedOf(partition: number): OwnedRetirement {
    let owned = this.owned.get(partition);
    if (!owned) this.owned.set(partition, (owned = { state: emptyRetirement(), read: new Map(), sweeping: false }));
    return owned;
  }

  private async batchAt(partition: number, owned: OwnedRetirement, seq: number): Promise<RetiredBatch | null> {
    if (owned.read.has(seq)) return owned.read.get(seq)!;
    const batch = await this.repository.findRetiredBatch(partition, seq);
    owned.read.set(seq, batch);
    return batch;
  }
}

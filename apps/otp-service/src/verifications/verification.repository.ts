import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { isDuplicateKeyError } from '@tessera/persistence';
import {
  APPROVAL_MODEL,
  DESTINATION_MODEL,
  partitionListId,
  type ApprovalFence,
  type DestinationRecord,
  type PartitionLiveList,
  type RetiredBatchDocument,
} from './destination.schema';
import { emptyRetirement, parseRetirement, retiredBatchId, type RetiredBatch, type Retirement } from './retirement';
import { VERIFICATION_MODEL, type VerificationRecord } from './verification.schema';
import {
  fromStoredVerification,
  toStoredVerification,
  type EarlierStoredVerification,
  type StoredVerification,
} from './verification.stored-form';

type DestinationDocument = DestinationRecord | PartitionLiveList | RetiredBatchDocument;

/** A partition's live list as the owner writes it, with its retirement and the batch that write closes. */
export interface PartitionListWrite {
  partition: number;
  live: string[];
  retirement?: Retirement;
  batch?: RetiredBatch | null;
}

/** Another writer changed the record since it was read (a replica that still believed it owned the partition). */
export class StaleRecordError extends Error {
  constructor(id: string) {
    super(`verification ${id} was changed by another writer`);
    this.name = 'StaleRecordError';
  }
}

/**
 * Verification records, destinations, partition live lists, retired batches and approval fences. Every hot-path
 * command is a point operation by `_id`; the partition's owner is the only writer (ARCHITECTURE.md), so it does
 * not lock, and a write names the version it read. Retention deletes by `_id` too (retirement.ts); only its
 * backstop scans, rarely. The hot-path writes go through the models' driver collections: the records are built
 * whole, typed, by this service, and mongoose's casting of each replacement (a Document per write) was a fifth of
 * the otp-service's CPU under load. A record is stored in the form of verification.stored-form.ts.
 */
@Injectable()
export class VerificationRepository implements OnModuleInit {
  constructor(
    @InjectModel(VERIFICATION_MODEL) private readonly verifications: Model<VerificationRecord>,
    @InjectModel(DESTINATION_MODEL) private readonly destinations: Model<DestinationDocument>,
    @InjectModel(APPROVAL_MODEL) private readonly approvals: Model<ApprovalFence>,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([
      this.verifications.createIndexes(),
      this.destinations.createIndexes(),
      this.approvals.createIndexes(),
    ]);
  }

  async findById(id: string): Promise<VerificationRecord | null> {
    const stored = await this.verifications.collection.findOne<StoredVerification | EarlierStoredVerification>({
      _id: id as never,
    });
    return stored && fromStoredVerification(stored);
  }

  async insert(record: VerificationRecord): Promise<void> {
    await this.verifications.collection.insertOne(toStoredVerification(record) as never);
  }

  /** Writes the record whole if it is still at `expectedVersion`; throws StaleRecordError if not. */
  async replace(record: VerificationRecord, expectedVersion: number): Promise<void> {
    const result = await this.verifications.collection.replaceOne(
      { _id: record._id as never, version: expectedVersion },
      toStoredVerification(record) as never,
    );
    if (result.matchedCount !== 1) throw new StaleRecordError(record._id);
  }

  findDestination(key: string): Promise<DestinationRecord | null> {
    return this.destinations.collection.findOne<DestinationRecord>({ _id: key as never });
  }

  async findLiveList(partition: number): Promise<{ live: string[]; retirement: Retirement }> {
    const list = await this.destinations.collection.findOne<PartitionLiveList>({
      _id: partitionListId(partition) as never,
    });
    if (!list) return { live: [], retirement: emptyRetirement() };
    const live = typeof list.live === 'string' ? (JSON.parse(list.live) as string[]) : list.live;
    return { live, retirement: parseRetirement(list.retire) };
  }

  /** A destination and/or a partition's live list (with the retired batch it closes), in one command. */
  async saveDestinationAndList(destination: DestinationRecord | null, list: PartitionListWrite | null): Promise<void> {
    const ops: AnyBulkWriteOperation<DestinationDocument>[] = [];
    if (destination) {
      const { _id, ...fields } = destination;
      ops.push({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } });
    }
    if (list?.batch) {
      // before the list: a list that counts the batch is never stored without it
      const { seq, closedAt, ids, destinations } = list.batch;
      const _id = retiredBatchId(list.partition, seq);
      const document: RetiredBatchDocument = {
        _id,
        kind: 'retire',
        closedAt,
        ids: JSON.stringify(ids),
        destinations: JSON.stringify(destinations),
      };
      ops.push({ replaceOne: { filter: { _id }, replacement: document, upsert: true } });
    }
    if (list) {
      const fields = {
        kind: 'partition' as const,
        live: JSON.stringify(list.live),
        ...(list.retirement && { retire: JSON.stringify(list.retirement) }),
        updatedAt: new Date(),
      };
      ops.push({
        updateOne: { filter: { _id: partitionListId(list.partition) }, update: { $set: fields }, upsert: true },
      });
    }
    if (ops.length > 0) await this.destinations.collection.bulkWrite(ops as never[], { ordered: true });
  }

  async findRetiredBatch(partition: number, seq: number): Promise<RetiredBatch | null> {
    const stored = await this.destinations.collection.findOne<RetiredBatchDocument>({
      _id: retiredBatchId(partition, seq) as never,
    });
    if (!stored) return null;
    const ids = JSON.parse(stored.ids) as string[];
    return { seq, closedAt: stored.closedAt, ids, destinations: JSON.parse(stored.destinations) as string[] };
  }

  /** Deletes a retired batch's records by `_id`: one command of point deletes. */
  async deleteRetiredRecords(batch: RetiredBatch): Promise<number> {
    if (batch.ids.length === 0) return 0;
    const { deletedCount } = await this.verifications.collection.bulkWrite(
      batch.ids.map((id) => ({ deleteOne: { filter: { _id: id as never, endedAt: { $ne: null } } } })),
      { ordered: false },
    );
    return deletedCount;
  }

  /**
   * Deletes a retired batch's approval fences, its destinations not used since `idleBefore`, then the batch: two
   * commands of point deletes.
   */
  async deleteRetiredBatch(partition: number, batch: RetiredBatch, idleBefore: Date): Promise<void> {
    if (batch.ids.length > 0) {
      await this.approvals.collection.bulkWrite(
        batch.ids.map((id) => ({ deleteOne: { filter: { _id: id as never } } })),
        { ordered: false },
      );
    }
    const ops: AnyBulkWriteOperation<DestinationDocument>[] = batch.destinations.map((key) => ({
      deleteOne: { filter: { _id: key, kind: 'destination', updatedAt: { $lt: idleBefore } } },
    }));
    ops.push({ deleteOne: { filter: { _id: retiredBatchId(partition, batch.seq) } } });
    await this.destinations.collection.bulkWrite(ops as never[], { ordered: true });
  }

  /** The fence of an approval: the one insert that wins, or the check that won before. */
  async fenceApproval(id: string, checkId: string): Promise<{ won: true } | { won: false; checkId: string | null }> {
    try {
      await this.approvals.collection.insertOne({ _id: id as never, checkId, at: new Date() });
      return { won: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const fence = await this.approvals.collection.findOne<ApprovalFence>({ _id: id as never });
      return { won: false, checkId: fence?.checkId ?? null };
    }
  }

  /**
   * The backstop of retirement (retirement.ts), for what no batch lists: records ended before it, and a batch lost
   * when two replicas owned a partition at once. FerretDB v1 answers each of these deletes with a scan of the whole
   * collection (seconds of CPU at 100,000 records), so they run rarely and one after another: one core for the
   * sweep, the other left to the traffic.
   */
  async deleteBefore(endedBefore: Date, idleBefore: Date): Promise<number> {
    const records = await this.verifications.deleteMany({ endedAt: { $ne: null, $lt: endedBefore } }).exec();
    await this.approvals.deleteMany({ at: { $lt: idleBefore } }).exec();
    await this.destinations
      .deleteMany({
        $or: [
          { kind: 'destination', updatedAt: { $lt: idleBefore } },
          { kind: 'retire', closedAt: { $lt: idleBefore } },
        ],
      })
      .exec();
    return records.deletedCount;
  }
}

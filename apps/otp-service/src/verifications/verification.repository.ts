import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { DocumentLock, MONGO_DB } from '@tessera/persistence';
import type { VerificationRecord } from './verification.schema';

/**
 * Verification records. Every read is scoped by tenant. Writes that read-modify-write a record run under a
 * per-verification lease (see DocumentLock) so concurrent writers never lose each other's changes on FerretDB.
 */
@Injectable()
export class VerificationRepository implements OnModuleInit {
  private readonly collection: Collection<VerificationRecord>;
  private readonly lock: DocumentLock;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<VerificationRecord>('verifications');
    this.lock = new DocumentLock(db, 'verification_locks');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ tenantId: 1, destinationKey: 1, createdAt: -1 });
    await this.collection.createIndex({ status: 1, expiresAt: 1 });
    await this.collection.createIndex({ hasOutbox: 1 });
    await this.collection.createIndex({ endedAt: 1 });
  }

  async create(record: VerificationRecord): Promise<void> {
    await this.collection.insertOne(record);
  }

  async findForTenant(tenantId: string, id: string): Promise<VerificationRecord | null> {
    return this.collection.findOne({ _id: id, tenantId });
  }

  async findById(id: string): Promise<VerificationRecord | null> {
    return this.collection.findOne({ _id: id });
  }

  async findLatestForDestination(tenantId: string, destinationKey: string): Promise<VerificationRecord | null> {
    return this.collection.findOne({ tenantId, destinationKey }, { sort: { createdAt: -1 } });
  }

  /** Reads the record, lets `change` edit it, and writes it back whole, all under the record's lease. */
  async update(
    id: string,
    change: (record: VerificationRecord) => VerificationRecord | null | Promise<VerificationRecord | null>,
  ): Promise<VerificationRecord | null> {
    return this.lock.withLock(id, async () => {
      const current = await this.collection.findOne({ _id: id });
      if (!current) return null;
      const next = await change(structuredClone(current));
      if (!next) return current;
      next.updatedAt = new Date();
      next.hasOutbox = next.outbox.length > 0;
      await this.collection.replaceOne({ _id: id }, next);
      return next;
    });
  }

  async findWithOutbox(limit: number): Promise<VerificationRecord[]> {
    return this.collection.find({ hasOutbox: true }).limit(limit).toArray();
  }

  async findOverduePending(now: Date, limit: number): Promise<VerificationRecord[]> {
    return this.collection
      .find({ status: 'pending', expiresAt: { $lt: now } })
      .limit(limit)
      .toArray();
  }

  async findPendingWithStepDeadlineBefore(now: Date, limit: number): Promise<VerificationRecord[]> {
    return this.collection
      .find({ status: 'pending', 'deliveries.stepDeadline': { $lt: now } })
      .limit(limit)
      .toArray();
  }

  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const result = await this.collection.deleteMany({ endedAt: { $ne: null, $lt: cutoff }, hasOutbox: false });
    return result.deletedCount;
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { DocumentLock, MONGO_DB } from '@tessera/persistence';
import type { VerificationRecord } from './verification.schema';

/** A record that still has events to publish (the outbox relay's work list). */
interface OutboxMarker {
  _id: string;
}

/** A pending record's clocks, for the sweeper (expiry and fallback step timeouts). */
export interface PendingClock {
  _id: string;
  expiresAt: Date;
  stepDeadline: Date | null;
}

/** The latest verification of a destination (its key is tenant-scoped). */
interface DestinationPointer {
  _id: string;
  verificationId: string;
  createdAt: Date;
}

const openDeadline = (record: VerificationRecord): Date | null =>
  record.deliveries.reduce<Date | null>(
    (min, d) => (d.stepDeadline && (!min || d.stepDeadline < min) ? d.stepDeadline : min),
    null,
  );

/**
 * Verification records. Every read is scoped by tenant. Writes that read-modify-write a record run under a
 * per-verification lease (see DocumentLock) so concurrent writers never lose each other's changes on FerretDB.
 *
 * FerretDB v1 on SQLite answers only `_id` lookups without scanning a whole collection, so what periodic work
 * and hot paths look for lives in small side collections keyed by `_id`: records with unpublished events,
 * pending records' clocks, and each destination's latest verification. Each is written before the record, so
 * a crash in between leaves at worst an entry that points at nothing, which its reader discards.
 */
@Injectable()
export class VerificationRepository implements OnModuleInit {
  private readonly records: Collection<VerificationRecord>;
  private readonly outbox: Collection<OutboxMarker>;
  private readonly clocks: Collection<PendingClock>;
  private readonly destinations: Collection<DestinationPointer>;
  private readonly lock: DocumentLock;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.records = db.collection<VerificationRecord>('verifications');
    this.outbox = db.collection<OutboxMarker>('verification_outbox');
    this.clocks = db.collection<PendingClock>('pending_verifications');
    this.destinations = db.collection<DestinationPointer>('destination_latest');
    this.lock = new DocumentLock(db, 'verification_locks');
  }

  async onModuleInit(): Promise<void> {
    await this.records.createIndex({ endedAt: 1 });
  }

  async create(record: VerificationRecord): Promise<void> {
    await this.outbox.updateOne({ _id: record._id }, { $set: { _id: record._id } }, { upsert: true });
    await this.clocks.replaceOne({ _id: record._id }, this.clockOf(record), { upsert: true });
    await this.destinations.replaceOne(
      { _id: record.destinationKey },
      { verificationId: record._id, createdAt: record.createdAt },
      { upsert: true },
    );
    await this.records.insertOne(record);
  }

  async findForTenant(tenantId: string, id: string): Promise<VerificationRecord | null> {
    const record = await this.records.findOne({ _id: id });
    return record && record.tenantId === tenantId ? record : null;
  }

  async findById(id: string): Promise<VerificationRecord | null> {
    return this.records.findOne({ _id: id });
  }

  async findLatestForDestination(tenantId: string, destinationKey: string): Promise<VerificationRecord | null> {
    const pointer = await this.destinations.findOne({ _id: destinationKey });
    return pointer ? this.findForTenant(tenantId, pointer.verificationId) : null;
  }

  /** Reads the record, lets `change` edit it, and writes it back whole, all under the record's lease. */
  async update(
    id: string,
    change: (record: VerificationRecord) => VerificationRecord | null | Promise<VerificationRecord | null>,
  ): Promise<VerificationRecord | null> {
    return this.lock.withLock(id, async () => {
      const current = await this.records.findOne({ _id: id });
      if (!current) return null;
      const next = await change(structuredClone(current));
      if (!next) return current;
      next.updatedAt = new Date();
      next.hasOutbox = next.outbox.length > 0;
      if (next.hasOutbox && !current.hasOutbox)
        await this.outbox.updateOne({ _id: id }, { $set: { _id: id } }, { upsert: true });
      const clockChanged = openDeadline(next)?.getTime() !== openDeadline(current)?.getTime();
      if (next.status === 'pending' && clockChanged)
        await this.clocks.replaceOne({ _id: id }, this.clockOf(next), { upsert: true });
      await this.records.replaceOne({ _id: id }, next);
      if (!next.hasOutbox && current.hasOutbox) await this.outbox.deleteOne({ _id: id });
      if (next.status !== 'pending' && current.status === 'pending') await this.clocks.deleteOne({ _id: id });
      return next;
    });
  }

  /** Ids of records that may hold unpublished events. */
  async idsWithOutbox(limit: number): Promise<string[]> {
    return (await this.outbox.find({}).limit(limit).toArray()).map((m) => m._id);
  }

  async forgetOutbox(id: string): Promise<void> {
    await this.outbox.deleteOne({ _id: id });
  }

  /** Clocks of pending records: few (only live verifications), read whole and filtered here. */
  async pendingClocks(): Promise<PendingClock[]> {
    return this.clocks.find({}).toArray();
  }

  async forgetClock(id: string): Promise<void> {
    await this.clocks.deleteOne({ _id: id });
  }

  /** Retention: a scan of the records, so it runs rarely (RETENTION_SWEEP_INTERVAL_MS). */
  async deleteEndedBefore(cutoff: Date): Promise<number> {
    const result = await this.records.deleteMany({ endedAt: { $ne: null, $lt: cutoff }, hasOutbox: false });
    return result.deletedCount;
  }

  private clockOf(record: VerificationRecord): PendingClock {
    return { _id: record._id, expiresAt: record.expiresAt, stepDeadline: openDeadline(record) };
  }
}

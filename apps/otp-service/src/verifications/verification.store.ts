import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '@tessera/observability';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { PartitionLanes, type PartitionListener } from '../partitions/partition-lanes';
import { VerificationTimers } from '../timers/verification.timers';
import type { DestinationRecord } from './destination.schema';
import { RetiredRecords } from './retired-records';
import { VerificationRepository } from './verification.repository';
import type { OutboxEntry, VerificationRecord } from './verification.schema';

const RECOVERY_CONCURRENCY = 16;
/** Ended records leave the live list with the partition's next new verification, or after this long without one. */
const LIVE_LIST_TRIM_MS = 2000;

/**
 * The owner's working set: the live records and destinations of the partitions this replica owns, in memory,
 * loaded by `_id` on a miss and dropped when the partition is lost. A change is written once, by `_id`, guarded
 * by the version it was read at, and the events it produced are published right after the write. Every method
 * runs in the record's partition lane (PartitionLanes), so nothing here races with itself.
 */
@Injectable()
export class VerificationStore implements PartitionListener, OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(VerificationStore.name);
  private readonly records = new Map<string, VerificationRecord>();
  private readonly destinations = new Map<string, { partition: number; record: DestinationRecord }>();
  /** Per owned partition: ids of records that are pending or may hold unpublished events. */
  private readonly live = new Map<number, Set<string>>();
  private readonly listWrittenAt = new Map<number, number>();
  private tick?: NodeJS.Timeout;

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
    private readonly lanes: PartitionLanes,
    private readonly outbox: OutboxPublisher,
    private readonly timers: VerificationTimers,
    private readonly metrics: MetricsRegistry,
    private readonly retired: RetiredRecords,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'tessera_otp_live_verifications',
      'Verifications of the owned partitions that are pending or may hold unpublished events',
      () => [...this.live.values()].reduce((n, ids) => n + ids.size, 0),
    );
    this.metrics.gauge(
      'tessera_otp_owned_partitions',
      'Input partitions this replica owns (and is the only writer of)',
      () => this.lanes.ownedPartitions().length,
    );
    this.metrics.gauge(
      'tessera_otp_working_set_records',
      'Verification records held in memory',
      () => this.records.size,
    );
    this.lanes.listen(this);
    this.tick = setInterval(() => this.tickOwnedPartitions(), this.config.OUTBOX_RELAY_INTERVAL_MS);
    this.tick.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.tick);
    await Promise.all(
      this.lanes
        .ownedPartitions()
        .map((p) =>
          this.lanes.serialize(p, () => this.settle(p)).catch((error: Error) => this.log.warn(error.message)),
        ),
    );
  }

  /** The record, if it belongs to the tenant (another tenant's id is simply not found). */
  async find(tenantId: string, id: string): Promise<VerificationRecord | null> {
    const record = await this.load(id);
    return record && record.tenantId === tenantId ? record : null;
  }

  async load(id: string): Promise<VerificationRecord | null> {
    const cached = this.records.get(id);
    if (cached) return cached;
    const stored = await this.repository.findById(id);
    if (stored && this.lanes.owns(stored.partition)) this.recall(stored);
    return stored;
  }

  async destination(key: string, partition: number): Promise<DestinationRecord | null> {
    const cached = this.destinations.get(key);
    if (cached) return cached.record;
    const stored = await this.repository.findDestination(key);
    if (stored && this.lanes.owns(partition)) this.rememberDestination(partition, stored);
    return stored;
  }

  /** Forgets a cached record, so that the next read loads what is stored. */
  evict(id: string): void {
    this.records.delete(id);
  }

  /** Stores a new verification and its destination (and the partition's live list) in two commands. */
  async create(record: VerificationRecord, destination: DestinationRecord): Promise<void> {
    const live = this.liveOf(record.partition);
    const done = this.doneIn(record.partition);
    const list = [...live].filter((id) => !done.includes(id)).concat(record._id);
    await this.writeList(record.partition, list, done, destination, Date.now());
    // The id stays live if the insert fails: it may have landed (the database went away before answering), and the
    // partition's tick then loads it, or drops the id when nothing was stored.
    live.add(record._id);
    await this.repository.insert(record);
    this.rememberDestination(record.partition, destination);
    this.remember(record);
    this.afterWrite(record, record.outbox);
  }

  /**
   * Writes `next` (a changed copy of `current`) once, if no one else wrote the record since it was read; the
   * events already published are dropped from its outbox by this write. A destination changed with it follows.
   */
  async save(current: VerificationRecord, next: VerificationRecord, destination?: DestinationRecord): Promise<void> {
    const known = new Set(current.outbox.map((e) => e.envelope.eventId));
    const fresh = next.outbox.filter((e) => !known.has(e.envelope.eventId));
    const kept = this.outbox.unpublished(next.outbox);
    const dropped = next.outbox.filter((e) => !kept.includes(e));
    next.outbox = kept;
    next.version = current.version + 1;
    next.updatedAt = new Date();
    try {
      await this.repository.replace(next, current.version);
    } catch (error) {
      // Stale: another writer got there first. Any other failure may have landed all the same (the database went
      // away before answering). Either way the next read loads what is stored, and publishes what it holds.
      this.records.delete(current._id);
      throw error;
    }
    this.outbox.forget(dropped);
    this.remember(next);
    if (destination) {
      await this.repository.saveDestinationAndList(destination, null);
      this.rememberDestination(next.partition, destination);
    }
    this.afterWrite(next, fresh);
  }

  /** Retention reached the stored records: the ones in memory that ended before `cutoff` go too. */
  forgetEndedBefore(cutoff: Date): void {
    for (const [id, record] of this.records) {
      if (record.endedAt && record.endedAt < cutoff && !this.live.get(record.partition)?.has(id)) {
        this.records.delete(id);
      }
    }
  }

  async gained(partition: number): Promise<void> {
    const { live: ids, retirement } = await this.repository.findLiveList(partition);
    this.retired.gained(partition, retirement);
    const live = this.liveOf(partition);
    for (let i = 0; i < ids.length; i += RECOVERY_CONCURRENCY) {
      const batch = await Promise.all(ids.slice(i, i + RECOVERY_CONCURRENCY).map((id) => this.repository.findById(id)));
      for (const record of batch) {
        if (!record || record.partition !== partition) continue;
        live.add(record._id);
        this.remember(record);
        this.afterWrite(record, record.outbox);
      }
    }
    this.log.log(`partition ${partition}: ${live.size} live verifications recovered`);
  }

  lost(partition: number): void {
    for (const [id, record] of this.records) if (record.partition === partition) this.records.delete(id);
    for (const [key, d] of this.destinations) if (d.partition === partition) this.destinations.delete(key);
    this.live.delete(partition);
    this.retired.lost(partition);
    this.timers.dropPartition(partition);
    this.outbox.dropPartition(partition);
  }

  private afterWrite(record: VerificationRecord, fresh: OutboxEntry[]): void {
    this.outbox.publishAfterWrite(record, fresh);
    this.timers.track(record);
  }

  private tickOwnedPartitions(): void {
    for (const p of this.lanes.ownedPartitions()) {
      if (!this.hasWork(p)) continue;
      this.lanes
        .serialize(p, () => this.settle(p))
        .catch((error: Error) => this.log.warn(`tick ${p}: ${error.message}`));
    }
  }

  private hasWork(partition: number): boolean {
    const live = this.live.get(partition) ?? new Set<string>();
    if ([...live].some((id) => this.outbox.hasWaiting(id) || !this.records.has(id))) return true;
    const now = Date.now();
    if (this.retired.batchIsDue(partition, now)) return true;
    const quiet = now - (this.listWrittenAt.get(partition) ?? 0) >= LIVE_LIST_TRIM_MS;
    return quiet && this.doneIn(partition).length > 0;
  }

  /**
   * Retries unpublished events, then drops from the live list what has ended with every event published (they
   * join the partition's retirement), or stores the retirement's batch that is due.
   */
  private async settle(partition: number): Promise<void> {
    await this.recallMissing(partition);
    await this.outbox.flushPartition(partition);
    const done = this.doneIn(partition);
    const now = Date.now();
    if (done.length === 0 && !this.retired.batchIsDue(partition, now)) return;
    const live = [...(this.live.get(partition) ?? [])].filter((id) => !done.includes(id));
    await this.writeList(partition, live, done, null, now);
  }

  /**
   * Loads the live records that are not in memory: only a failed write leaves one out, and it may have landed, with
   * events no one published yet (nothing else may ever ask for that record again). An id with no record of this
   * partition stored goes.
   */
  private async recallMissing(partition: number): Promise<void> {
    const live = this.live.get(partition);
    for (const id of [...(live ?? [])]) {
      if (this.records.has(id)) continue;
      await this.load(id);
      if (!this.records.has(id)) live?.delete(id);
    }
  }

  /**
   * Writes the partition's live list, with `done` joining its retirement (and the retirement's batch, when one is
   * due), and the destination if one is given, in one command.
   */
  private async writeList(
    partition: number,
    live: string[],
    done: string[],
    destination: DestinationRecord | null,
    now: number,
  ): Promise<void> {
    const retirement = this.retired.plan(partition, this.recordsOf(done), now);
    await this.repository.saveDestinationAndList(destination, {
      partition,
      live,
      retirement: retirement.state,
      batch: retirement.batch,
    });
    this.retired.stored(partition, retirement);
    this.listWritten(partition, done);
  }

  private recordsOf(ids: readonly string[]): VerificationRecord[] {
    return ids.map((id) => this.records.get(id)).filter((r): r is VerificationRecord => r !== undefined);
  }

  /** Ids of the live list that have ended with every event published: they may leave it. */
  private doneIn(partition: number): string[] {
    return [...(this.live.get(partition) ?? [])].filter((id) => {
      const record = this.records.get(id);
      return record && record.status !== 'pending' && !this.outbox.hasWaiting(id);
    });
  }

  /**
   * The stored list no longer holds `done`. Their events were all published: the records in memory drop them
   * from their outboxes (the publisher forgets them now), so the next write of such a record, a late receipt,
   * stores it without them instead of keeping them as unpublished for good.
   */
  private listWritten(partition: number, done: string[]): void {
    this.listWrittenAt.set(partition, Date.now());
    const live = this.live.get(partition);
    for (const id of done) {
      live?.delete(id);
      const record = this.records.get(id);
      if (!record) continue;
      this.outbox.forget(record.outbox);
      record.outbox = [];
    }
  }

  private liveOf(partition: number): Set<string> {
    let live = this.live.get(partition);
    if (!live) this.live.set(partition, (live = new Set()));
    return live;
  }

  /**
   * Takes a stored record of an owned partition into memory. A live or pending one may hold the events of a write
   * whose answer was lost (it landed; the database went away before saying so): it is live again, with its timers,
   * and what of its events is not known as published goes now.
   */
  private recall(stored: VerificationRecord): void {
    this.remember(stored);
    const live = this.liveOf(stored.partition);
    if (live.has(stored._id) || stored.status === 'pending') {
      live.add(stored._id);
      this.afterWrite(stored, this.outbox.unpublished(stored.outbox));
    }
  }

  private remember(record: VerificationRecord): void {
    this.records.delete(record._id);
    this.records.set(record._id, record);
    if (this.records.size <= this.config.WORKING_SET_MAX_RECORDS) return;
    for (const [id, r] of this.records) {
      if (this.records.size <= this.config.WORKING_SET_MAX_RECORDS) break;
      if (!this.live.get(r.partition)?.has(id)) this.records.delete(id);
    }
  }

  private rememberDestination(partition: number, record: DestinationRecord): void {
    this.destinations.delete(record._id);
    this.destinations.set(record._id, { partition, record });
    if (this.destinations.size <= this.config.WORKING_SET_MAX_RECORDS) return;
    const oldest = this.destinations.keys().next().value;
    if (oldest !== undefined) this.destinations.delete(oldest);
  }
}

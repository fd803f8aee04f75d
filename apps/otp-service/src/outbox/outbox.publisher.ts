import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { BusPublisher } from '@tessera/messaging';
import { MetricsRegistry } from '@tessera/observability';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import type { OutboxEntry, VerificationRecord } from '../verifications/verification.schema';

/**
 * Publishes the events a record write carried, right after the write. What is published is remembered here, so
 * the record's next write drops it from the stored outbox (marking it published); what failed stays queued and is
 * retried on the partition's tick. A crash before the publish leaves the events in the stored outbox, and the
 * partition's next owner republishes them: at least once, and every consumer dedupes.
 */
@Injectable()
export class OutboxPublisher implements OnModuleInit {
  private readonly log = new Logger(OutboxPublisher.name);
  private readonly published = new Set<string>();
  private readonly waiting = new Map<string, { partition: number; entries: OutboxEntry[] }>();
  private readonly flushing = new Map<string, Promise<void>>();

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly publisher: BusPublisher,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** The backlog as Prometheus sees it, computed at scrape time from what waits here (nothing on the hot path). */
  onModuleInit(): void {
    this.metrics.gauge(
      'tessera_outbox_pending_events',
      'Events written with their record but not yet acknowledged by Kafka (in flight or waiting for a retry)',
      () => this.pendingEntries().length,
    );
    this.metrics.gauge(
      'tessera_outbox_oldest_age_seconds',
      'Age of the oldest event not yet acknowledged by Kafka (0 when none waits)',
      () => {
        const oldest = this.pendingEntries().reduce(
          (min, e) => Math.min(min, Date.parse(e.envelope.occurredAt)),
          Infinity,
        );
        return Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0;
      },
    );
  }

  private pendingEntries(): OutboxEntry[] {
    return [...this.waiting.values()].flatMap((w) => w.entries).filter((e) => !this.published.has(e.envelope.eventId));
  }

  /** The entries of an outbox that still need a publish (the others were published: a write may drop them). */
  unpublished(outbox: OutboxEntry[]): OutboxEntry[] {
    return outbox.filter((e) => !this.published.has(e.envelope.eventId));
  }

  /** Forgets that these entries were published, once the store no longer holds them. */
  forget(entries: OutboxEntry[]): void {
    for (const e of entries) this.published.delete(e.envelope.eventId);
  }

  hasWaiting(id: string): boolean {
    return this.waiting.has(id);
  }

  /** Publishes now (unless inline publishing is off) and keeps for the tick whatever could not be published. */
  publishAfterWrite(record: VerificationRecord, entries: OutboxEntry[]): void {
    if (entries.length === 0) return;
    const queued = this.waiting.get(record._id)?.entries ?? [];
    this.waiting.set(record._id, { partition: record.partition, entries: [...queued, ...entries] });
    if (this.config.OUTBOX_INLINE_PUBLISH) void this.flush(record._id);
  }

  /** Retries every queued record of the partition. */
  async flushPartition(partition: number): Promise<void> {
    const ids = [...this.waiting].filter(([, w]) => w.partition === partition).map(([id]) => id);
    await Promise.all(ids.map((id) => this.flush(id)));
  }

  dropPartition(partition: number): void {
    for (const [id, w] of this.waiting) if (w.partition === partition) this.waiting.delete(id);
  }

  /** One flush per record at a time; a flush asked for meanwhile runs after it. */
  private flush(id: string): Promise<void> {
    const next = (this.flushing.get(id) ?? Promise.resolve()).then(() => this.flushNow(id));
    this.flushing.set(id, next);
    void next.then(() => {
      if (this.flushing.get(id) === next) this.flushing.delete(id);
    });
    return next;
  }

  /**
   * Publishes the record's waiting events together: asked for in one turn, they leave in one produce request, in
   * their order (ProduceCoalescer). What was acknowledged is marked; what failed waits for the next flush.
   */
  private async flushNow(id: string): Promise<void> {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    const entries = waiting.entries.filter((e) => !this.published.has(e.envelope.eventId));
    const results = await Promise.allSettled(entries.map((e) => this.publisher.publish(e.topic, e.envelope)));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') this.published.add(entries[i].envelope.eventId);
    });
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.log.warn(`outbox of ${id}: publish deferred: ${(failed.reason as Error).message}`);
      return;
    }
    const current = this.waiting.get(id);
    if (!current) return;
    current.entries = current.entries.filter((e) => !this.published.has(e.envelope.eventId));
    if (current.entries.length === 0) this.waiting.delete(id);
  }
}

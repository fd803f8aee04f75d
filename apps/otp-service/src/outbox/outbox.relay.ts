import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { BusPublisher } from '@tessera/messaging';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { VerificationRepository } from '../verifications/verification.repository';

/**
 * Publishes the events each record carries in its embedded outbox, then removes them from it. A crash
 * between the write and the publish leaves them in the outbox, so the next sweep publishes them: at least
 * once, and consumers dedupe (channel services by verification and attempt, others by eventId).
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private readonly flushing = new Map<string, Promise<void>>();

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
    private readonly publisher: BusPublisher,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.OUTBOX_RELAY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Publishes one record's outbox now (lower latency than waiting for the sweep); errors are left to it. */
  publishSoon(verificationId: string): void {
    if (!this.config.OUTBOX_INLINE_PUBLISH) return;
    this.flush(verificationId).catch((error: Error) => this.log.warn(`inline publish deferred: ${error.message}`));
  }

  async sweep(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (const id of await this.repository.idsWithOutbox(100)) await this.flush(id);
    } catch (error) {
      this.log.warn(`outbox sweep: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Flushes of one record in this process run one at a time; a flush asked for meanwhile runs after it. */
  async flush(verificationId: string): Promise<void> {
    const previous = this.flushing.get(verificationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.flushNow(verificationId));
    this.flushing.set(verificationId, next);
    try {
      await next;
    } finally {
      if (this.flushing.get(verificationId) === next) this.flushing.delete(verificationId);
    }
  }

  private async flushNow(verificationId: string): Promise<void> {
    const record = await this.repository.findById(verificationId);
    if (!record || record.outbox.length === 0) {
      if (!record) await this.repository.forgetOutbox(verificationId);
      return;
    }
    const published = new Set<string>();
    for (const entry of record.outbox) {
      await this.publisher.publish(entry.topic, entry.envelope);
      published.add(entry.envelope.eventId);
    }
    await this.repository.update(verificationId, (current) => {
      current.outbox = current.outbox.filter((e) => !published.has(e.envelope.eventId));
      return current;
    });
  }
}

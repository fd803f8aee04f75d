import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { PartitionLanes } from '../partitions/partition-lanes';
import { IdempotencyStore } from '../verifications/idempotency.store';
import { RetiredRecords } from '../verifications/retired-records';
import { VerificationRepository } from '../verifications/verification.repository';
import { VerificationStore } from '../verifications/verification.store';

const DAY_MS = 86400_000;
const SCANNING_PARTITION = 0;

/**
 * Retention (FerretDB v1 has no TTL indexes): ended verifications past RETENTION_DAYS, their approval fences, and
 * destinations idle for at least a day. Every RETENTION_SWEEP_INTERVAL_MS each replica deletes the retired batches
 * of its own partitions that are due (retirement.ts), by `_id`, and forgets its cached records past retention.
 * Every RETENTION_SCAN_INTERVAL_MS the owner of input partition 0 runs the backstop, whose deletes are scans on
 * FerretDB: what no batch lists, and expired idempotency keys.
 */
@Injectable()
export class RetentionSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(RetentionSweeper.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private sweeping = false;
  private scanning = false;

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
    private readonly store: VerificationStore,
    private readonly retired: RetiredRecords,
    private readonly idempotency: IdempotencyStore,
    private readonly lanes: PartitionLanes,
  ) {}

  onModuleInit(): void {
    this.timers.push(setInterval(() => void this.sweep(), this.config.RETENTION_SWEEP_INTERVAL_MS));
    this.timers.push(setInterval(() => void this.scan(), this.config.RETENTION_SCAN_INTERVAL_MS));
    for (const timer of this.timers) timer.unref();
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Deletes the due retired batches of the owned partitions, one partition after another. */
  async sweep(now = new Date()): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const { ended, idle } = this.cutoffs(now);
      for (const partition of this.lanes.ownedPartitions()) {
        await this.retired
          .sweep(partition, ended, idle)
          .catch((error: Error) => this.log.warn(`retention of partition ${partition}: ${error.message}`));
      }
      this.store.forgetEndedBefore(ended);
    } finally {
      this.sweeping = false;
    }
  }

  /** The backstop, on the owner of partition 0 only (deletes are idempotent if two overlap in a rebalance). */
  async scan(now = new Date()): Promise<void> {
    if (this.scanning || !this.lanes.owns(SCANNING_PARTITION)) return;
    this.scanning = true;
    try {
      const { ended, idle } = this.cutoffs(now);
      await this.repository.deleteBefore(ended, idle);
      await this.idempotency.deleteExpired(now);
    } catch (error) {
      this.log.warn(`retention backstop: ${(error as Error).message}`);
    } finally {
      this.scanning = false;
    }
  }

  private cutoffs(now: Date): { ended: Date; idle: Date } {
    const retentionMs = this.config.RETENTION_DAYS * DAY_MS;
    return {
      ended: new Date(now.getTime() - retentionMs),
      idle: new Date(now.getTime() - Math.max(retentionMs, DAY_MS)),
    };
  }
}

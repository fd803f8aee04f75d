import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { PartitionLanes } from '../partitions/partition-lanes';
import { IdempotencyStore } from '../verifications/idempotency.store';
import { VerificationRepository } from '../verifications/verification.repository';
import { VerificationStore } from '../verifications/verification.store';

const DAY_MS = 86400_000;
const SWEEPING_PARTITION = 0;

/**
 * FerretDB v1 has no TTL indexes, so retention runs here: ended verifications past RETENTION_DAYS, approval fences
 * and idle destinations after at least a day, expired idempotency keys. On FerretDB each delete is a scan of the
 * whole collection, so it runs rarely (RETENTION_SWEEP_INTERVAL_MS) and on one replica: the owner of input
 * partition 0 (while no one owns it, a sweep is skipped; deletes are idempotent if two overlap in a rebalance).
 * Every replica forgets its own cached records past retention.
 */
@Injectable()
export class RetentionSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(RetentionSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
    private readonly store: VerificationStore,
    private readonly idempotency: IdempotencyStore,
    private readonly lanes: PartitionLanes,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.RETENTION_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const retentionMs = this.config.RETENTION_DAYS * DAY_MS;
      const ended = new Date(now.getTime() - retentionMs);
      const idle = new Date(now.getTime() - Math.max(retentionMs, DAY_MS));
      const sweepsTheDatabase = this.lanes.owns(SWEEPING_PARTITION);
      if (sweepsTheDatabase) await this.repository.deleteBefore(ended, idle);
      this.store.forgetEndedBefore(ended);
      if (sweepsTheDatabase) await this.idempotency.deleteExpired(now);
    } catch (error) {
      this.log.warn(`retention sweep: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

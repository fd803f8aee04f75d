import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { IdempotencyStore } from '../verifications/idempotency.store';
import { VerificationRepository } from '../verifications/verification.repository';
import { VerificationStore } from '../verifications/verification.store';

const DAY_MS = 86400_000;

/**
 * FerretDB v1 has no TTL indexes, so retention runs here: ended verifications past RETENTION_DAYS, approval fences
 * and idle destinations after at least a day, expired idempotency keys. Each is a scan, so it runs rarely
 * (RETENTION_SWEEP_INTERVAL_MS); every replica may run it (deletes are idempotent).
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
      await this.repository.deleteBefore(ended, idle);
      this.store.forgetEndedBefore(ended);
      await this.idempotency.deleteExpired(now);
    } catch (error) {
      this.log.warn(`retention sweep: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

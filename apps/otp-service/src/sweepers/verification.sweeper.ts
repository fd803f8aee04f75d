import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { AdvancePlanUseCase } from '../fallback/advance-plan.use-case';
import { IdempotencyStore } from '../verifications/idempotency.store';
import { VerificationDecisions } from '../verifications/verification-decisions';
import { VerificationRepository } from '../verifications/verification.repository';
import { VerificationTransitions } from '../verifications/verification-transitions';

/**
 * FerretDB v1 has no TTL indexes, so time-driven work runs here: expire overdue verifications, move plans on
 * when a step got no `delivered` in time, delete records past retention and stale slots. Safe to run on
 * every replica: each action is claimed by a unique insert.
 */
@Injectable()
export class VerificationSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(VerificationSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastRetentionSweep = 0;

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
    private readonly transitions: VerificationTransitions,
    private readonly advancePlan: AdvancePlanUseCase,
    private readonly idempotency: IdempotencyStore,
  ) {}

  private async expire(id: string): Promise<void> {
    const record = await this.repository.findById(id);
    if (!record || record.status !== 'pending') return this.repository.forgetClock(id);
    await this.transitions.end(id, 'expired', 'code expired before it was verified');
  }

  /**
   * A step got no `delivered` in time: the next channel (claimed once; the new attempt closes the old deadline).
   * When another replica or a receipt already took that step, the stale deadline is closed here.
   */
  private async moveOn(id: string, now: Date): Promise<void> {
    const record = await this.repository.findById(id);
    if (!record || record.status !== 'pending') return this.repository.forgetClock(id);
    if (
      await this.advancePlan.execute(
        record,
        record.step,
        `no delivery receipt from ${record.plan[record.step]} in time`,
      )
    ) {
      return;
    }
    await this.repository.update(id, (current) => {
      const stale = current.deliveries.filter((d) => d.stepDeadline && d.stepDeadline <= now);
      if (stale.length === 0) return null;
      for (const d of stale) d.stepDeadline = null;
      return current;
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.SWEEP_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const clock of await this.repository.pendingClocks()) {
        if (clock.expiresAt <= now) await this.expire(clock._id);
        else if (clock.stepDeadline && clock.stepDeadline <= now) await this.moveOn(clock._id, now);
      }
      if (now.getTime() - this.lastRetentionSweep >= this.config.RETENTION_SWEEP_INTERVAL_MS) {
        this.lastRetentionSweep = now.getTime();
        const cutoff = new Date(now.getTime() - this.config.RETENTION_DAYS * 86400_000);
        await this.repository.deleteEndedBefore(cutoff);
        await this.decisions.sweepExpiredSlots(now);
        await this.idempotency.deleteExpired(now);
      }
    } catch (error) {
      this.log.warn(`sweep: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

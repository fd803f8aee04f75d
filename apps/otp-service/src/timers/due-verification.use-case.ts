import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { runInTrace } from '@tessera/observability';
import { AdvancePlanUseCase } from '../fallback/advance-plan.use-case';
import type { VerificationRecord } from '../verifications/verification.schema';
import { PartitionLanes } from '../partitions/partition-lanes';
import { VerificationStore } from '../verifications/verification.store';
import { VerificationTransitions } from '../verifications/verification-transitions';
import { VerificationTimers } from './verification.timers';

/** What a timer does when a pending record is due: expire it, or move its plan on after a step timeout. */
@Injectable()
export class DueVerificationUseCase implements OnModuleInit {
  private readonly log = new Logger(DueVerificationUseCase.name);

  constructor(
    private readonly timers: VerificationTimers,
    private readonly lanes: PartitionLanes,
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
    private readonly advancePlan: AdvancePlanUseCase,
  ) {}

  onModuleInit(): void {
    this.timers.handleWith((id, partition) => {
      this.lanes
        .serialize(partition, () => this.execute(id, partition))
        .catch((error: Error) => this.log.warn(`timer of ${id}: ${error.message}`));
    });
  }

  async execute(id: string, partition: number, now = new Date()): Promise<void> {
    if (!this.lanes.owns(partition)) return;
    const record = await this.store.load(id);
    if (!record || record.status !== 'pending') return;
    // a timer runs in the trace of the request that started the verification: its logs and events carry it
    await runInTrace(record.traceparent, () => this.act(record, now));
  }

  private async act(record: VerificationRecord, now: Date): Promise<void> {
    if (record.expiresAt <= now) {
      await this.transitions.end(record, 'expired', 'code expired before it was verified');
      return;
    }
    const next = structuredClone(record);
    const stale = next.deliveries.filter((d) => d.stepDeadline && d.stepDeadline <= now);
    if (stale.length === 0) {
      this.timers.track(record);
      return;
    }
    for (const d of stale) d.stepDeadline = null;
    await this.advancePlan.execute(record, next, `no delivery receipt from ${record.plan[record.step]} in time`);
  }
}

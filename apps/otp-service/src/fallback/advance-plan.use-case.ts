import { Injectable, Logger } from '@nestjs/common';
import { TenantRepository } from '../tenants/tenant.repository';
import { DEFAULT_TENANT_POLICY } from '../tenants/default-tenant-policy';
import { addDeliveryAttempt } from '../verifications/verification-events';
import { VerificationMetrics } from '../verifications/verification.metrics';
import type { VerificationRecord } from '../verifications/verification.schema';
import { VerificationStore } from '../verifications/verification.store';
import { VerificationTransitions } from '../verifications/verification-transitions';

/**
 * Moves a verification on to the next channel of its plan, with the same code, or ends it as `failed` when the
 * plan is exhausted. `next` is the changed copy of `record` that asked for it (a failed attempt, a timeout); the
 * move is written with that change, once: the partition's owner is the only one deciding it.
 */
@Injectable()
export class AdvancePlanUseCase {
  private readonly log = new Logger(AdvancePlanUseCase.name);

  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
    private readonly tenants: TenantRepository,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(record: VerificationRecord, next: VerificationRecord, why: string): Promise<void> {
    const from = next.plan[next.step];
    const nextStep = next.step + 1;
    this.metrics.fallbacks.inc({ from, to: next.plan[nextStep] ?? 'none' });
    if (nextStep >= next.plan.length) {
      await this.transitions.end(record, 'failed', `every channel of the plan failed (last: ${why})`, (ended) =>
        Object.assign(ended, next),
      );
      return;
    }
    const policy = (await this.tenants.find(record.tenantId))?.policy ?? DEFAULT_TENANT_POLICY;
    next.step = nextStep;
    addDeliveryAttempt(next, policy, next.plan[nextStep], next.deliveries.length + 1, new Date(), null);
    await this.store.save(record, next);
    this.log.log(`verification ${record._id}: fallback to ${next.plan[nextStep]} after ${why}`);
  }
}

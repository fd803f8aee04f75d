import { Injectable, Logger } from '@nestjs/common';
import { OutboxRelay } from '../outbox/outbox.relay';
import { TenantRepository } from '../tenants/tenant.repository';
import { DEFAULT_TENANT_POLICY } from '../tenants/default-tenant-policy';
import { VerificationDecisions } from '../verifications/verification-decisions';
import { addDeliveryAttempt } from '../verifications/verification-events';
import { VerificationRepository } from '../verifications/verification.repository';
import { VerificationTransitions } from '../verifications/verification-transitions';
import type { VerificationRecord } from '../verifications/verification.schema';

/**
 * Moves a verification from plan step `fromStep` to the next channel, with the same code, or ends it as
 * `failed` when the plan is exhausted. The move is claimed by a unique insert, so a late receipt, a timeout
 * and a second replica asking for the same move cause it once.
 */
@Injectable()
export class AdvancePlanUseCase {
  private readonly log = new Logger(AdvancePlanUseCase.name);

  constructor(
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
    private readonly transitions: VerificationTransitions,
    private readonly tenants: TenantRepository,
    private readonly outbox: OutboxRelay,
  ) {}

  /** True when this call moved the plan on (or ended it); false when it was not pending or another took the step. */
  async execute(record: VerificationRecord, fromStep: number, why: string): Promise<boolean> {
    if (record.status !== 'pending') return false;
    const nextStep = fromStep + 1;
    if (nextStep >= record.plan.length) {
      await this.transitions.end(record._id, 'failed', `every channel of the plan failed (last: ${why})`);
      return true;
    }
    if (!(await this.decisions.claimFallbackStep(record._id, nextStep))) return false;
    const policy = (await this.tenants.find(record.tenantId))?.policy ?? DEFAULT_TENANT_POLICY;
    const now = new Date();
    await this.repository.update(record._id, async (current) => {
      if (current.status !== 'pending') return null;
      let attempt = current.deliveries.length + 1;
      while (!(await this.decisions.claimDeliveryAttempt(current._id, attempt))) attempt++;
      current.step = nextStep;
      addDeliveryAttempt(current, policy, current.plan[nextStep], attempt, now, null);
      return current;
    });
    this.log.log(`verification ${record._id}: fallback to ${record.plan[nextStep]} after ${why}`);
    this.outbox.publishSoon(record._id);
    return true;
  }
}

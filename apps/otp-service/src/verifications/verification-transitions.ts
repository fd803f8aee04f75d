import { Injectable, Logger } from '@nestjs/common';
import type { VerificationStatus } from '@tessera/contracts';
import { applyTerminal } from './verification-events';
import { VerificationMetrics } from './verification.metrics';
import { VerificationRepository } from './verification.repository';
import type { VerificationRecord } from './verification.schema';
import { VerificationStore } from './verification.store';

type Outcome = Exclude<VerificationStatus, 'pending'>;

/**
 * Whether the command `commandId` is the check (or approval) that approved `record`: its retry (its write landed,
 * its answer was lost) is answered with the approval again, not as a later check of an approved verification.
 */
export function approvedBy(record: VerificationRecord, commandId: string): boolean {
  return record.status === 'approved' && record.checks.some((c) => c.valid && c.commandId === commandId);
}

/** Ends verifications. An approval is fenced by a unique insert first, so it happens once even across replicas. */
@Injectable()
export class VerificationTransitions {
  private readonly log = new Logger(VerificationTransitions.name);

  constructor(
    private readonly store: VerificationStore,
    private readonly repository: VerificationRepository,
    private readonly metrics: VerificationMetrics,
  ) {}

  /** Ends a pending record with `outcome`; `change` edits the new copy first (e.g. counts the check). */
  async end(
    record: VerificationRecord,
    outcome: Outcome,
    reason: string | null,
    change?: (next: VerificationRecord) => void,
    checkAttempt = 0,
  ): Promise<VerificationRecord> {
    const next = structuredClone(record);
    change?.(next);
    const now = new Date();
    applyTerminal(next, outcome, reason, now, checkAttempt);
    await this.store.save(record, next);
    this.metrics.ended.inc({ tenant: record.tenantId, channel: record.plan[record.step], status: outcome });
    // an approval is the flow that went well (LOG_LEVEL=debug); every other ending is worth a line
    if (outcome === 'approved') this.log.debug(`verification ${record._id} ${outcome}`);
    else this.log.log(`verification ${record._id} ${outcome}`);
    if (outcome === 'approved') {
      const seconds = (now.getTime() - record.createdAt.getTime()) / 1000;
      this.metrics.toVerified.observe({ channel: record.plan[record.step] }, seconds);
    }
    return next;
  }

  /**
   * Approves a pending record for the check `checkId` (the command's eventId). Returns `won: false` when another
   * check approved it first; a retry of the same check (its write failed after the fence) completes the approval.
   */
  async approve(
    record: VerificationRecord,
    checkAttempt: number,
    checkId: string,
  ): Promise<{ record: VerificationRecord; won: boolean }> {
    const fence = await this.repository.fenceApproval(record._id, checkId);
    const count = (next: VerificationRecord) => {
      next.checksUsed = checkAttempt;
      next.checks.push({ at: new Date(), valid: true, commandId: checkId });
    };
    if (fence.won || fence.checkId === checkId) {
      return { record: await this.end(record, 'approved', null, count, checkAttempt), won: true };
    }
    // approved by another check: the fence holds; bring the stored record up to it if its write never landed
    this.store.evict(record._id);
    const stored = await this.store.load(record._id);
    if (stored && stored.status === 'pending') return { record: await this.end(stored, 'approved', null), won: false };
    return { record: stored ?? record, won: false };
  }
}

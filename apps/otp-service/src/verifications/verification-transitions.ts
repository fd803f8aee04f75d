import { Injectable } from '@nestjs/common';
import type { VerificationStatus } from '@tessera/contracts';
import { OutboxRelay } from '../outbox/outbox.relay';
import { VerificationDecisions } from './verification-decisions';
import { applyTerminal } from './verification-events';
import { VerificationRepository } from './verification.repository';
import { VerificationMetrics } from './verification.metrics';
import type { VerificationRecord } from './verification.schema';

/** Ends a verification: the unique decision insert picks the one outcome, the record then follows it. */
@Injectable()
export class VerificationTransitions {
  constructor(
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
    private readonly outbox: OutboxRelay,
    private readonly metrics: VerificationMetrics,
  ) {}

  /** Returns the record as ended, by this outcome or by whichever decision came first. */
  async end(
    id: string,
    outcome: Exclude<VerificationStatus, 'pending'>,
    reason: string | null,
    checkAttempt = 0,
  ): Promise<{ record: VerificationRecord; won: boolean }> {
    const { decision, won } = await this.decisions.decide(id, outcome, reason);
    const record = await this.repository.update(id, (current) => {
      if (current.status !== 'pending') return null;
      applyTerminal(current, decision.outcome, decision.reason, decision.at, checkAttempt);
      return current;
    });
    this.outbox.publishSoon(id);
    if (won && record) {
      this.metrics.ended.inc({ status: decision.outcome });
      if (decision.outcome === 'approved') {
        const seconds = (decision.at.getTime() - record.createdAt.getTime()) / 1000;
        this.metrics.toVerified.observe({ channel: record.plan[record.step] }, seconds);
      }
    }
    return { record: record!, won };
  }
}

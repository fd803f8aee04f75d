import { Injectable } from '@nestjs/common';
import {
  CodeSchema,
  DomainError,
  ErrorCodes,
  type CheckResult,
  type CheckVerificationPayload,
} from '@tessera/contracts';
import { CodeHasher, openWithSecret } from '@tessera/crypto';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { DestinationLookup } from '../../destination-lookup';
import { terminalError } from '../../terminal-error';
import { VerificationMetrics } from '../../verification.metrics';
import type { VerificationRecord } from '../../verification.schema';
import { VerificationStore } from '../../verification.store';
import { approvedBy, VerificationTransitions } from '../../verification-transitions';

const labelsOf = (record: VerificationRecord) => ({ tenant: record.tenantId, channel: record.plan[record.step] });

/**
 * Checks a code. Checks of one verification run one after another in its partition's lane, so each is counted
 * exactly; the comparison is constant-time, and the approval is fenced by a unique insert.
 */
@Injectable()
export class CheckVerificationUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
    private readonly hasher: CodeHasher,
    private readonly lookup: DestinationLookup,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(
    tenant: TenantRecord,
    input: CheckVerificationPayload,
    signerSecret: Buffer,
    origin: { eventId: string; partition: number },
  ): Promise<CheckResult> {
    const code = this.openCode(input, tenant._id, signerSecret);
    let record = await this.find(tenant, input, origin.partition);
    if (approvedBy(record, origin.eventId)) {
      const attemptsRemaining = Math.max(0, record.maxChecks - record.checksUsed);
      return { id: record._id, status: 'approved', valid: true, reason: null, attemptsRemaining };
    }
    if (record.status === 'pending' && record.expiresAt <= new Date()) {
      record = await this.transitions.end(record, 'expired', 'code expired before it was verified');
    }
    if (record.status !== 'pending') throw terminalError(record);
    if (record.checksUsed >= record.maxChecks) {
      this.metrics.checks.inc({ ...labelsOf(record), result: 'refused' });
      throw new DomainError(ErrorCodes.maxAttempts, 'no check attempts left', undefined, {
        id: record._id,
        verificationStatus: 'pending',
        reason: 'no_attempts_left',
        attemptsRemaining: 0,
      });
    }
    const attempt = record.checksUsed + 1;
    const attemptsRemaining = record.maxChecks - attempt;

    if (this.hasher.matches(record._id, code, record.codeHash)) {
      const { record: ended, won } = await this.transitions.approve(record, attempt, origin.eventId);
      if (!won) throw terminalError(ended);
      this.metrics.checks.inc({ ...labelsOf(record), result: 'approved' });
      return { id: record._id, status: 'approved', valid: true, reason: null, attemptsRemaining };
    }

    this.metrics.checks.inc({ ...labelsOf(record), result: 'incorrect' });
    const countWrong = (next: VerificationRecord) => {
      next.checksUsed = attempt;
      next.checks.push({ at: new Date(), valid: false });
    };
    if (attempt >= record.maxChecks) {
      await this.transitions.end(record, 'max_attempts_reached', 'too many wrong codes', countWrong);
      return {
        id: record._id,
        status: 'max_attempts_reached',
        valid: false,
        reason: 'max_attempts_reached',
        attemptsRemaining: 0,
      };
    }
    const next = structuredClone(record);
    countWrong(next);
    await this.store.save(record, next);
    return { id: record._id, status: 'pending', valid: false, reason: 'incorrect_code', attemptsRemaining };
  }

  private openCode(input: CheckVerificationPayload, tenantId: string, signerSecret: Buffer): string {
    let code: string;
    try {
      code = openWithSecret(input.sealedCode, signerSecret, tenantId);
    } catch {
      throw new DomainError(ErrorCodes.validation, 'sealedCode cannot be opened with the signing secret');
    }
    if (!CodeSchema.safeParse(code).success) throw new DomainError(ErrorCodes.validation, 'code: 4 to 10 digits');
    return code;
  }

  private async find(
    tenant: TenantRecord,
    input: CheckVerificationPayload,
    partition: number,
  ): Promise<VerificationRecord> {
    const record = input.verificationId
      ? await this.store.find(tenant._id, input.verificationId)
      : await this.lookup.latestFor(tenant._id, input.to!, partition);
    if (!record) throw new DomainError(ErrorCodes.notFound, 'verification not found');
    return record;
  }
}

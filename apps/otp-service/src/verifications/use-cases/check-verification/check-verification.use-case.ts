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
import { terminalError } from '../../terminal-error';
import { VerificationDecisions } from '../../verification-decisions';
import { VerificationRepository } from '../../verification.repository';
import { VerificationTransitions } from '../../verification-transitions';
import type { VerificationRecord } from '../../verification.schema';
import { DestinationLookup } from '../../destination-lookup';
import { VerificationMetrics } from '../../verification.metrics';

/**
 * Checks a code: each check takes one attempt slot first (unique insert), the comparison is constant-time,
 * and approval is the single decision insert, so of many concurrent right codes exactly one approves.
 */
@Injectable()
export class CheckVerificationUseCase {
  constructor(
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
    private readonly transitions: VerificationTransitions,
    private readonly hasher: CodeHasher,
    private readonly lookup: DestinationLookup,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(tenant: TenantRecord, input: CheckVerificationPayload, signerSecret: Buffer): Promise<CheckResult> {
    const code = this.openCode(input, tenant._id, signerSecret);
    let record = await this.find(tenant, input);
    const now = new Date();
    if (record.status === 'pending' && record.expiresAt <= now) {
      record = (await this.transitions.end(record._id, 'expired', 'code expired before it was verified')).record;
    }
    if (record.status !== 'pending') throw terminalError(record);

    const slot = await this.decisions.takeCheckSlot(record.checkKey, record.maxChecks);
    if (slot === null) {
      this.metrics.checks.inc({ result: 'refused' });
      const decided = await this.repository.findById(record._id);
      if (decided && decided.status !== 'pending') throw terminalError(decided);
      throw new DomainError(ErrorCodes.maxAttempts, 'no check attempts left', undefined, {
        id: record._id,
        verificationStatus: 'pending',
        reason: 'no_attempts_left',
        attemptsRemaining: 0,
      });
    }
    const attemptsRemaining = record.maxChecks - slot;

    if (this.hasher.matches(record._id, code, record.codeHash)) {
      const { record: ended, won } = await this.transitions.end(record._id, 'approved', null, slot);
      if (!won) throw terminalError(ended);
      this.metrics.checks.inc({ result: 'approved' });
      return { id: record._id, status: 'approved', valid: true, reason: null, attemptsRemaining };
    }

    this.metrics.checks.inc({ result: 'incorrect' });
    const failures = await this.decisions.recordFailedCheck(record.checkKey, record.maxChecks);
    await this.repository.update(record._id, (current) => {
      current.checks.push({ at: now, valid: false });
      return current;
    });
    if (failures >= record.maxChecks) {
      const { record: ended } = await this.transitions.end(record._id, 'max_attempts_reached', 'too many wrong codes');
      if (ended.status !== 'max_attempts_reached') throw terminalError(ended);
      return {
        id: record._id,
        status: 'max_attempts_reached',
        valid: false,
        reason: 'max_attempts_reached',
        attemptsRemaining: 0,
      };
    }
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

  private async find(tenant: TenantRecord, input: CheckVerificationPayload): Promise<VerificationRecord> {
    const record = input.verificationId
      ? await this.repository.findForTenant(tenant._id, input.verificationId)
      : await this.lookup.latestFor(tenant._id, input.to!);
    if (!record) throw new DomainError(ErrorCodes.notFound, 'verification not found');
    return record;
  }
}

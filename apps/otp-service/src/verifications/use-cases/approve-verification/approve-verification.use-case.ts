import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { terminalError } from '../../terminal-error';
import { approvedBy, VerificationTransitions } from '../../verification-transitions';
import { toVerificationView } from '../../verification-view';
import { VerificationStore } from '../../verification.store';

/**
 * Approves a pending verification without a code (the client verified the person another way: Twilio Verify's
 * `Status=approved`). Fenced like a check's approval, so it happens once; it counts as the approving check attempt
 * (OtpVerified's `checkAttempt`).
 */
@Injectable()
export class ApproveVerificationUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
  ) {}

  async execute(tenant: TenantRecord, id: string, commandId: string): Promise<VerificationView> {
    let record = await this.store.find(tenant._id, id);
    if (!record) throw new DomainError(ErrorCodes.notFound, `verification ${id} not found`);
    if (approvedBy(record, commandId)) return toVerificationView(record);
    if (record.status === 'pending' && record.expiresAt <= new Date()) {
      record = await this.transitions.end(record, 'expired', 'code expired before it was verified');
    }
    if (record.status !== 'pending') throw terminalError(record);
    const { record: ended, won } = await this.transitions.approve(record, record.checksUsed + 1, commandId);
    if (!won) throw terminalError(ended);
    return toVerificationView(ended);
  }
}

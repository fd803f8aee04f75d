import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { VerificationTransitions } from '../../verification-transitions';
import { toVerificationView } from '../../verification-view';
import { VerificationStore } from '../../verification.store';

/** Reads a verification; one past its expiry is ended on the spot rather than shown as pending. */
@Injectable()
export class GetVerificationUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
  ) {}

  async execute(tenant: TenantRecord, id: string): Promise<VerificationView> {
    const record = await this.store.find(tenant._id, id);
    if (!record) throw new DomainError(ErrorCodes.notFound, `verification ${id} not found`);
    if (record.status === 'pending' && record.expiresAt <= new Date()) {
      return toVerificationView(await this.transitions.end(record, 'expired', 'code expired before it was verified'));
    }
    return toVerificationView(record);
  }
}

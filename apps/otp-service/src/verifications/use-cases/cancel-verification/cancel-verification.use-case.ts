import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { terminalError } from '../../terminal-error';
import { VerificationTransitions } from '../../verification-transitions';
import { toVerificationView } from '../../verification-view';
import { VerificationStore } from '../../verification.store';

@Injectable()
export class CancelVerificationUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
  ) {}

  async execute(tenant: TenantRecord, id: string): Promise<VerificationView> {
    const record = await this.store.find(tenant._id, id);
    if (!record) throw new DomainError(ErrorCodes.notFound, `verification ${id} not found`);
    if (record.status !== 'pending') throw terminalError(record);
    return toVerificationView(await this.transitions.end(record, 'canceled', 'canceled by the client'));
  }
}

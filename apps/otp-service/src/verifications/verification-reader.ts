import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type VerificationView } from '@tessera/contracts';
import { VerificationDecisions } from './verification-decisions';
import { VerificationRepository } from './verification.repository';
import type { VerificationRecord } from './verification.schema';
import { toVerificationView } from './verification-view';

/** Loads records for a tenant (another tenant's id is simply not found) and renders their client view. */
@Injectable()
export class VerificationReader {
  constructor(
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
  ) {}

  async load(tenantId: string, id: string): Promise<VerificationRecord> {
    const record = await this.repository.findForTenant(tenantId, id);
    if (!record) throw new DomainError(ErrorCodes.notFound, `verification ${id} not found`);
    return record;
  }

  async view(tenantId: string, id: string): Promise<VerificationView> {
    return this.viewOf(await this.load(tenantId, id));
  }

  async viewOf(record: VerificationRecord): Promise<VerificationView> {
    return toVerificationView(record, {
      checksUsed: await this.decisions.checksUsed(record.checkKey, record.maxChecks),
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { VerificationReader } from '../../verification-reader';
import { VerificationTransitions } from '../../verification-transitions';

/** Reads a verification; one past its expiry is ended on the spot rather than shown as pending. */
@Injectable()
export class GetVerificationUseCase {
  constructor(
    private readonly reader: VerificationReader,
    private readonly transitions: VerificationTransitions,
  ) {}

  async execute(tenant: TenantRecord, id: string): Promise<VerificationView> {
    const record = await this.reader.load(tenant._id, id);
    if (record.status === 'pending' && record.expiresAt <= new Date()) {
      return this.reader.viewOf(
        (await this.transitions.end(id, 'expired', 'code expired before it was verified')).record,
      );
    }
    return this.reader.viewOf(record);
  }
}

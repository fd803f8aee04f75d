import { Injectable } from '@nestjs/common';
import type { VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { terminalError } from '../../terminal-error';
import { VerificationReader } from '../../verification-reader';
import { VerificationTransitions } from '../../verification-transitions';

@Injectable()
export class CancelVerificationUseCase {
  constructor(
    private readonly reader: VerificationReader,
    private readonly transitions: VerificationTransitions,
  ) {}

  async execute(tenant: TenantRecord, id: string): Promise<VerificationView> {
    const record = await this.reader.load(tenant._id, id);
    if (record.status !== 'pending') throw terminalError(record);
    const { record: ended, won } = await this.transitions.end(id, 'canceled', 'canceled by the client');
    if (!won) throw terminalError(ended);
    return this.reader.viewOf(ended);
  }
}

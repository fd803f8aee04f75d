import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type GetVerificationPayload, type VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { DestinationLookup } from '../../destination-lookup';
import { VerificationTransitions } from '../../verification-transitions';
import { toVerificationView } from '../../verification-view';
import { VerificationStore } from '../../verification.store';

/**
 * Reads a verification by id, or the latest of a destination; one past its expiry is ended on the spot rather than
 * shown as pending.
 */
@Injectable()
export class GetVerificationUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
    private readonly lookup: DestinationLookup,
  ) {}

  async execute(tenant: TenantRecord, input: GetVerificationPayload, partition: number): Promise<VerificationView> {
    const record = input.verificationId
      ? await this.store.find(tenant._id, input.verificationId)
      : await this.lookup.latestFor(tenant._id, input.to!, partition);
    if (!record) {
      throw new DomainError(
        ErrorCodes.notFound,
        `verification ${input.verificationId ?? 'for this destination'} not found`,
      );
    }
    if (record.status === 'pending' && record.expiresAt <= new Date()) {
      return toVerificationView(await this.transitions.end(record, 'expired', 'code expired before it was verified'));
    }
    return toVerificationView(record);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { normaliseDestination } from '@tessera/contracts';
import { destinationKey } from '@tessera/crypto';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { VerificationStore } from './verification.store';
import type { VerificationRecord } from './verification.schema';

/** Finds the latest verification of a destination given as the person typed it (phone or email). */
@Injectable()
export class DestinationLookup {
  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly store: VerificationStore,
  ) {}

  async latestFor(tenantId: string, to: string, partition: number): Promise<VerificationRecord | null> {
    const kind = to.includes('@') ? 'email' : 'sms';
    let value: string;
    try {
      value = normaliseDestination(to, [kind]).value;
    } catch {
      return null;
    }
    const destination = await this.store.destination(
      destinationKey(tenantId, value, this.config.OTP_CODE_HMAC_SECRET),
      partition,
    );
    return destination?.latestId ? this.store.find(tenantId, destination.latestId) : null;
  }
}

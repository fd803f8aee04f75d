import { Inject, Injectable } from '@nestjs/common';
import { destinationKey } from '@tessera/crypto';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { normaliseDestination } from '@tessera/contracts';
import { VerificationRepository } from './verification.repository';
import type { VerificationRecord } from './verification.schema';

/** Finds the latest verification of a destination given as the person typed it (phone or email). */
@Injectable()
export class DestinationLookup {
  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
  ) {}

  async latestFor(tenantId: string, to: string): Promise<VerificationRecord | null> {
    const kind = to.includes('@') ? 'email' : 'sms';
    let value: string;
    try {
      value = normaliseDestination(to, [kind]).value;
    } catch {
      return null;
    }
    return this.repository.findLatestForDestination(
      tenantId,
      destinationKey(tenantId, value, this.config.OTP_CODE_HMAC_SECRET),
    );
  }
}

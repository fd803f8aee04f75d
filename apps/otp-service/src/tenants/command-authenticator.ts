import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type Envelope } from '@tessera/contracts';
import { verifyEnvelopeSignature } from '@tessera/crypto';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { TenantRepository, type TenantRecord } from './tenant.repository';

/**
 * Every command names its tenant and is signed either with that tenant's bus secret (a product service on
 * the bus) or with the gateway's secret (the gateway has already authenticated the API key). A producer that
 * can write to the topic but lacks the key cannot act as another tenant.
 */
@Injectable()
export class CommandAuthenticator {
  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly tenants: TenantRepository,
  ) {}

  async authenticate(envelope: Envelope): Promise<TenantRecord> {
    return (await this.authenticateSigner(envelope)).tenant;
  }

  /** The tenant, and the secret that signed the command (sealed values in it are sealed under that secret). */
  async authenticateSigner(envelope: Envelope): Promise<{ tenant: TenantRecord; signerSecret: Buffer }> {
    const tenant = await this.tenants.find(envelope.tenantId);
    const signedByGateway = verifyEnvelopeSignature(envelope, envelope.signature, this.config.GATEWAY_BUS_SECRET);
    const tenantSecret = tenant?.busSecret ? Buffer.from(tenant.busSecret, 'base64url') : null;
    const signedByTenant =
      !signedByGateway && tenantSecret !== null && verifyEnvelopeSignature(envelope, envelope.signature, tenantSecret);
    if (!signedByGateway && !signedByTenant) {
      throw new DomainError(ErrorCodes.busSignatureInvalid, 'command signature does not match the tenant');
    }
    if (!tenant) throw new DomainError(ErrorCodes.tenantNotFound, `tenant ${envelope.tenantId} is not configured`);
    return { tenant, signerSecret: signedByGateway ? this.config.GATEWAY_BUS_SECRET : tenantSecret! };
  }

  /** For the admin path only: the gateway may configure tenants that do not exist yet. */
  assertSignedByGateway(envelope: Envelope): void {
    if (!verifyEnvelopeSignature(envelope, envelope.signature, this.config.GATEWAY_BUS_SECRET)) {
      throw new DomainError(ErrorCodes.busSignatureInvalid, 'tenant configuration must come from the gateway');
    }
  }
}

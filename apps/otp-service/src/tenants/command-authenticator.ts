import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type Envelope } from '@tessera/contracts';
import { tenantBusSecretFrom, verifyEnvelopeSignature } from '@tessera/crypto';
import type { BusContext } from '@tessera/messaging';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';
import { ReplayGuard } from './replay-guard';
import { TenantRepository, type TenantRecord } from './tenant.repository';

/**
 * Every command names its tenant and is signed either with that tenant's bus secret (a product service on
 * the bus) or with the gateway's secret (the gateway has already authenticated the API key). A producer that
 * can write to the topic but lacks the key cannot act as another tenant. A tenant's bus secret is derived
 * from the gateway's (never sent, never stored); a tenant configured before that keeps its stored one.
 * A signed command is good once and for a few minutes (ReplayGuard).
 */
@Injectable()
export class CommandAuthenticator {
  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly tenants: TenantRepository,
    private readonly replays: ReplayGuard,
  ) {}

  async authenticate(envelope: Envelope, context: BusContext): Promise<TenantRecord> {
    return (await this.authenticateSigner(envelope, context)).tenant;
  }

  /** The tenant, and the secret that signed the command (sealed values in it are sealed under that secret). */
  async authenticateSigner(
    envelope: Envelope,
    context: BusContext,
  ): Promise<{ tenant: TenantRecord; signerSecret: Buffer }> {
    const tenant = await this.tenants.find(envelope.tenantId);
    const signerSecret = this.signerOf(envelope, tenant);
    if (!signerSecret) {
      throw new DomainError(ErrorCodes.busSignatureInvalid, 'command signature does not match the tenant');
    }
    this.replays.admit(envelope, context);
    if (!tenant) throw new DomainError(ErrorCodes.tenantNotFound, `tenant ${envelope.tenantId} is not configured`);
    return { tenant, signerSecret };
  }

  /** For the admin path only: the gateway may configure tenants that do not exist yet. */
  assertSignedByGateway(envelope: Envelope, context: BusContext): void {
    if (!verifyEnvelopeSignature(envelope, envelope.signature, this.config.GATEWAY_BUS_SECRET)) {
      throw new DomainError(ErrorCodes.busSignatureInvalid, 'tenant configuration must come from the gateway');
    }
    this.replays.admit(envelope, context);
  }

  /** The secret whose signature the command carries: the gateway's first (the hot path), then the tenant's. */
  private signerOf(envelope: Envelope, tenant: TenantRecord | null): Buffer | null {
    const signedWith = (secret: Buffer) => verifyEnvelopeSignature(envelope, envelope.signature, secret);
    if (signedWith(this.config.GATEWAY_BUS_SECRET)) return this.config.GATEWAY_BUS_SECRET;
    const derived = tenantBusSecretFrom(this.config.GATEWAY_BUS_SECRET, envelope.tenantId);
    if (signedWith(derived)) return derived;
    const legacy = tenant?.busSecret ? Buffer.from(tenant.busSecret, 'base64url') : null;
    return legacy && signedWith(legacy) ? legacy : null;
  }
}

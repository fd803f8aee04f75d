import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ConfigureTenantV1,
  DomainError,
  ErrorCodes,
  TenantIdSchema,
  Topics,
  type TenantPolicy,
} from '@tessera/contracts';
import { tenantBusSecretFrom } from '@tessera/crypto';
import { isDuplicateKeyError } from '@tessera/persistence';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';
import { parseBody } from '../verifications/verification.http-schemas';
import { BusCommandSender } from '../verifications/bus-command.sender';
import { AdminTokenGuard } from './admin-token.guard';
import { generateApiKey } from './api-key';
import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiKeyRepository } from './api-key.repository';
import { CreateKeyBody, CreateTenantBody, KeyPrefixParam, UpdatePolicyBody } from './admin.http-schemas';

/**
 * Tenants and their API keys. Secrets (API keys, bus secret) are shown once, in the creating answer. The bus
 * secret is derived from the gateway's (the otp-service derives the same), so it never travels on the bus.
 */
@Controller('admin/tenants')
@UseGuards(AdminTokenGuard)
export class AdminHttpController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly repository: ApiKeyRepository,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly bus: BusCommandSender,
  ) {}

  @Post()
  @HttpCode(201)
  async createTenant(@Body() body: unknown) {
    const input = parseBody(CreateTenantBody, body);
    try {
      await this.repository.insertTenant({ _id: input.id, name: input.name, createdAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError(ErrorCodes.tenantExists, `tenant ${input.id} exists`);
      throw error;
    }
    let configured: { policy: TenantPolicy };
    try {
      configured = await this.configure(input.id, { policy: input.policy ?? {} });
    } catch (error) {
      await this.repository.deleteTenant(input.id);
      throw error;
    }
    const key = await this.issueKey(input.id, 'default');
    const busSecret = tenantBusSecretFrom(this.config.GATEWAY_BUS_SECRET, input.id).toString('base64url');
    return { id: input.id, name: input.name, policy: configured.policy, apiKey: key, busSecret };
  }

  @Patch(':tenantId/policy')
  async updatePolicy(@Param('tenantId') tenantId: string, @Body() body: unknown) {
    const id = await this.existingTenant(tenantId);
    return this.configure(id, { policy: parseBody(UpdatePolicyBody, body).policy });
  }

  @Post(':tenantId/keys')
  @HttpCode(201)
  async createKey(@Param('tenantId') tenantId: string, @Body() body: unknown) {
    const id = await this.existingTenant(tenantId);
    return this.issueKey(id, parseBody(CreateKeyBody, body).name);
  }

  @Get(':tenantId/keys')
  async listKeys(@Param('tenantId') tenantId: string) {
    const id = await this.existingTenant(tenantId);
    const keys = await this.repository.listKeys(id);
    return keys.map((k) => ({ id: k._id, name: k.name, createdAt: k.createdAt, revokedAt: k.revokedAt }));
  }

  @Delete(':tenantId/keys/:keyId')
  @HttpCode(204)
  async revokeKey(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string): Promise<void> {
    const id = await this.existingTenant(tenantId);
    const prefix = KeyPrefixParam.parse({ keyId }).keyId;
    if (!(await this.repository.revokeKey(id, prefix))) {
      throw new DomainError(ErrorCodes.notFound, `no active key ${keyId}`);
    }
    this.authenticator.forget(prefix);
  }

  private async existingTenant(tenantId: string): Promise<string> {
    const id = TenantIdSchema.parse(tenantId);
    if (!(await this.repository.findTenant(id))) throw new DomainError(ErrorCodes.notFound, `no tenant ${id}`);
    return id;
  }

  private configure(tenantId: string, payload: { policy: Partial<TenantPolicy> }) {
    return this.bus.send<typeof ConfigureTenantV1.payload, { tenantId: string; policy: TenantPolicy }>(
      Topics.tenantConfigure,
      ConfigureTenantV1,
      tenantId,
      null,
      payload,
      null,
    );
  }

  private async issueKey(tenantId: string, name: string) {
    const { key, prefix, hash } = generateApiKey();
    await this.repository.insertKey({ _id: prefix, tenantId, name, hash, createdAt: new Date(), revokedAt: null });
    return { id: prefix, name, key };
  }
}

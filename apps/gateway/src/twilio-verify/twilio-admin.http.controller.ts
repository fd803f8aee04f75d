import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { DomainError, ErrorCodes, TenantIdSchema } from '@tessera/contracts';
import { AdminTokenGuard } from '../tenants/admin-token.guard';
import { ApiKeyRepository } from '../tenants/api-key.repository';
import { parseBody } from '../verifications/verification.http-schemas';
import { CreateTwilioCredentialBody, TwilioCredentialSidParam } from './twilio-admin.http-schemas';
import { accountSidOf, hashSecret, newApiKeySid, newSecret } from './twilio-credentials';
import { TwilioAuthenticator } from './twilio.authenticator';
import { TwilioRepository } from './twilio.repository';

/**
 * A tenant's Twilio Verify credentials for /v2: its account sid with an auth token, and API keys (SK…) with
 * secrets. A secret is shown once, in the creating answer, and kept only as its SHA-256.
 */
@Controller('admin/tenants/:tenantId/twilio-credentials')
@UseGuards(AdminTokenGuard)
export class TwilioAdminHttpController {
  constructor(
    private readonly tenants: ApiKeyRepository,
    private readonly repository: TwilioRepository,
    private readonly authenticator: TwilioAuthenticator,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Param('tenantId') tenantId: string, @Body() body: unknown) {
    const id = await this.existingTenant(tenantId);
    const input = parseBody(CreateTwilioCredentialBody, body);
    const accountSid = accountSidOf(id);
    const sid = input.kind === 'account' ? accountSid : newApiKeySid();
    const secret = newSecret(input.kind);
    const createdAt = new Date();
    const friendlyName = input.friendlyName ?? (input.kind === 'account' ? id : 'default');
    await this.repository.saveCredential({
      _id: sid,
      kind: input.kind,
      accountSid,
      tenantId: id,
      friendlyName,
      secretHash: hashSecret(secret),
      createdAt,
      revokedAt: null,
    });
    this.authenticator.forget(sid);
    return { sid, kind: input.kind, accountSid, friendlyName, secret, createdAt };
  }

  @Get()
  async list(@Param('tenantId') tenantId: string) {
    const id = await this.existingTenant(tenantId);
    return (await this.repository.listCredentials(id)).map((c) => ({
      sid: c._id,
      kind: c.kind,
      accountSid: c.accountSid,
      friendlyName: c.friendlyName,
      createdAt: c.createdAt,
      revokedAt: c.revokedAt,
    }));
  }

  @Delete(':sid')
  @HttpCode(204)
  async revoke(@Param('tenantId') tenantId: string, @Param('sid') sid: string): Promise<void> {
    const id = await this.existingTenant(tenantId);
    const credentialSid = TwilioCredentialSidParam.parse(sid);
    if (!(await this.repository.revokeCredential(id, credentialSid))) {
      throw new DomainError(ErrorCodes.notFound, `no active Twilio credential ${credentialSid}`);
    }
    this.authenticator.forget(credentialSid);
  }

  private async existingTenant(tenantId: string): Promise<string> {
    const id = TenantIdSchema.parse(tenantId);
    if (!(await this.tenants.findTenant(id))) throw new DomainError(ErrorCodes.notFound, `no tenant ${id}`);
    return id;
  }
}

import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCodes,
  TenantPolicySchema,
  type ConfigureTenantPayload,
  type TenantPolicy,
} from '@tessera/contracts';
import { DEFAULT_TENANT_POLICY } from './default-tenant-policy';
import { TenantRepository } from './tenant.repository';

@Injectable()
export class ConfigureTenantUseCase {
  constructor(private readonly tenants: TenantRepository) {}

  async execute(tenantId: string, input: ConfigureTenantPayload): Promise<{ tenantId: string; policy: TenantPolicy }> {
    const existing = await this.tenants.find(tenantId);
    const merged = TenantPolicySchema.safeParse({ ...DEFAULT_TENANT_POLICY, ...existing?.policy, ...input.policy });
    if (!merged.success) {
      throw new DomainError(
        ErrorCodes.validation,
        merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const policy = merged.data;
    const unknownPlan = policy.defaultPlan.filter((c) => !policy.allowedChannels.includes(c));
    if (unknownPlan.length > 0) {
      throw new DomainError(
        ErrorCodes.policyInconsistent,
        `defaultPlan uses channels not allowed: ${unknownPlan.join(', ')}`,
      );
    }
    if (!policy.templates[policy.defaultLocale]) {
      throw new DomainError(
        ErrorCodes.policyInconsistent,
        `templates must include the default locale ${policy.defaultLocale}`,
      );
    }
    await this.tenants.save({
      _id: tenantId,
      busSecret: existing?.busSecret ?? null,
      policy,
      updatedAt: new Date(),
    });
    return { tenantId, policy };
  }
}

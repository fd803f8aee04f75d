import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes } from '@tessera/contracts';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';
import { apiKeyMatches, parseApiKey } from './api-key';
import { ApiKeyRepository, type ApiKeyRecord } from './api-key.repository';

/**
 * Bearer API key → tenant. Lookups (found or not) are cached for API_KEY_CACHE_MS, so a request costs no database
 * round trip in steady traffic. A key revoked through this gateway stops working at once; on the other gateway
 * replicas within API_KEY_CACHE_MS.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { record: ApiKeyRecord | null; until: number }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly keys: ApiKeyRepository,
  ) {}

  async tenantFor(authorization: string | undefined): Promise<string> {
    const key = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const parsed = key ? parseApiKey(key) : null;
    if (!key || !parsed)
      throw new DomainError(ErrorCodes.unauthorized, 'missing or malformed API key (Authorization: Bearer tsk_…)');
    const record = await this.lookup(parsed.prefix);
    if (!record || record.revokedAt || !apiKeyMatches(key, record.hash)) {
      throw new DomainError(ErrorCodes.unauthorized, 'invalid or revoked API key');
    }
    return record.tenantId;
  }

  /** Drops a key from the cache (it was just revoked here). */
  forget(prefix: string): void {
    this.cache.delete(prefix);
  }

  private async lookup(prefix: string): Promise<ApiKeyRecord | null> {
    const cached = this.cache.get(prefix);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.keys.findKey(prefix);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(prefix, { record, until: Date.now() + this.config.API_KEY_CACHE_MS });
    return record;
  }
}

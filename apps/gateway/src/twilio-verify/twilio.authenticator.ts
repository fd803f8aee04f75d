import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';
import { parseBasicAuth } from './twilio-basic-auth';
import { secretMatches } from './twilio-credentials';
import { authenticationFailed } from './twilio-error';
import { isSid } from './twilio-sid';
import { TwilioRepository, type TwilioCredentialRecord } from './twilio.repository';

export interface TwilioAccount {
  accountSid: string;
  tenantId: string;
}

/**
 * HTTP Basic as Twilio does it: an account sid and its auth token, or an API key sid (SK…) and its secret.
 * Lookups (found or not) are cached for API_KEY_CACHE_MS like API keys, so steady traffic costs no database
 * round trip; a credential revoked here stops at once, on other replicas within API_KEY_CACHE_MS.
 */
@Injectable()
export class TwilioAuthenticator {
  private readonly cache = new Map<string, { record: TwilioCredentialRecord | null; until: number }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly repository: TwilioRepository,
  ) {}

  async accountFor(authorization: string | undefined): Promise<TwilioAccount> {
    const credentials = parseBasicAuth(authorization);
    if (!credentials || !(isSid('AC', credentials.username) || isSid('SK', credentials.username))) {
      throw authenticationFailed();
    }
    const record = await this.lookup(credentials.username);
    if (!record || record.revokedAt || !secretMatches(credentials.password, record.secretHash)) {
      throw authenticationFailed();
    }
    return { accountSid: record.accountSid, tenantId: record.tenantId };
  }

  /** Drops a credential from the cache (it was just changed or revoked here). */
  forget(sid: string): void {
    this.cache.delete(sid);
  }

  private async lookup(sid: string): Promise<TwilioCredentialRecord | null> {
    const cached = this.cache.get(sid);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.repository.findCredential(sid);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(sid, { record, until: Date.now() + this.config.API_KEY_CACHE_MS });
    return record;
  }
}

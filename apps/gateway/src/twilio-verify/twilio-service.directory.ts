import { Inject, Injectable } from '@nestjs/common';
import { ConfigureTenantV1, Topics, type TenantPolicy } from '@tessera/contracts';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';
import { ApiKeyRepository } from '../tenants/api-key.repository';
import { BusCommandSender } from '../verifications/bus-command.sender';
import { DEFAULT_SERVICE_SETTINGS, type TwilioServiceSettings } from './twilio-forms';
import { notFound } from './twilio-error';
import type { TwilioAccount } from './twilio.authenticator';
import { SidPrefixes, isSid, newSid, serviceTenantIdOf } from './twilio-sid';
import { TwilioRepository, type TwilioServiceRecord } from './twilio.repository';

type Configured = { tenantId: string; policy: TenantPolicy };

/**
 * Verify Services. Each is a Tessera tenant of its own (id: the VA sid in lower case), so its verifications,
 * destination limits and policy are its own, as on Twilio. It starts from its account tenant's policy at creation,
 * with `FriendlyName` as the brand in the messages and `CodeLength` as the code length; the admin API manages it
 * afterwards like any tenant. Reads by sid are cached for API_KEY_CACHE_MS (changes made here apply at once).
 */
@Injectable()
export class TwilioServiceDirectory {
  private readonly cache = new Map<string, { record: TwilioServiceRecord | null; until: number }>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly repository: TwilioRepository,
    private readonly tenants: ApiKeyRepository,
    private readonly bus: BusCommandSender,
  ) {}

  async create(account: TwilioAccount, input: Partial<TwilioServiceSettings>): Promise<TwilioServiceRecord> {
    const inherited = await this.configure(account.tenantId, {});
    const sid = newSid(SidPrefixes.service);
    const now = new Date();
    const settings: TwilioServiceSettings = {
      ...DEFAULT_SERVICE_SETTINGS,
      friendlyName: input.friendlyName!,
      codeLength: inherited.policy.codeLength,
      ...input,
    };
    const record: TwilioServiceRecord = {
      _id: sid,
      accountSid: account.accountSid,
      serviceTenantId: serviceTenantIdOf(sid),
      settings,
      createdAt: now,
      updatedAt: now,
    };
    await this.tenants.insertTenant({
      _id: record.serviceTenantId,
      name: `Twilio Verify service ${sid} of ${account.tenantId}`,
      createdAt: now,
    });
    try {
      await this.configure(record.serviceTenantId, { ...inherited.policy, ...policyOf(settings) });
      await this.repository.insertService(record);
    } catch (error) {
      await this.tenants.deleteTenant(record.serviceTenantId);
      throw error;
    }
    return record;
  }

  /** The account's Service `sid`, or Twilio's 20404 (also for another account's Service). */
  async find(account: TwilioAccount, sid: string, path: string): Promise<TwilioServiceRecord> {
    const record = isSid('VA', sid) ? await this.lookup(sid) : null;
    if (!record || record.accountSid !== account.accountSid) throw notFound(path);
    return record;
  }

  async update(service: TwilioServiceRecord, input: Partial<TwilioServiceSettings>): Promise<TwilioServiceRecord> {
    const next: TwilioServiceRecord = {
      ...service,
      settings: { ...service.settings, ...input },
      updatedAt: new Date(),
    };
    if (input.friendlyName !== undefined || input.codeLength !== undefined) {
      await this.configure(service.serviceTenantId, policyOf(next.settings));
    }
    await this.repository.replaceService(next);
    this.cache.delete(service._id);
    return next;
  }

  /** Removes the Service: its sid answers 20404 from now on. Its tenant's records expire with their retention. */
  async delete(service: TwilioServiceRecord): Promise<void> {
    await this.repository.deleteService(service._id);
    await this.tenants.deleteTenant(service.serviceTenantId);
    this.cache.delete(service._id);
  }

  /** A page of the account's Services and whether another follows. */
  async page(account: TwilioAccount, page: number, pageSize: number) {
    const found = await this.repository.listServices(account.accountSid, page * pageSize, pageSize + 1);
    return { services: found.slice(0, pageSize), hasNext: found.length > pageSize };
  }

  private async lookup(sid: string): Promise<TwilioServiceRecord | null> {
    const cached = this.cache.get(sid);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.repository.findService(sid);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(sid, { record, until: Date.now() + this.config.API_KEY_CACHE_MS });
    return record;
  }

  private configure(tenantId: string, policy: Partial<TenantPolicy>): Promise<Configured> {
    return this.bus.send<typeof ConfigureTenantV1.payload, Configured>(
      Topics.tenantConfigure,
      ConfigureTenantV1,
      tenantId,
      null,
      { policy },
      null,
    );
  }
}

/** What of a Service's settings its Tessera policy enforces. */
const policyOf = (settings: TwilioServiceSettings): Partial<TenantPolicy> => ({
  brand: settings.friendlyName,
  codeLength: settings.codeLength,
});

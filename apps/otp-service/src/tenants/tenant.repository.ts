import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Schema, type Model } from 'mongoose';
import type { TenantPolicy } from '@tessera/contracts';

export interface TenantRecord {
  _id: string;
  /**
   * Legacy: the bus secret of a tenant configured before bus secrets were derived (libs/crypto
   * tenant-bus-secret.ts), still honoured so its product services keep working; never written for new tenants.
   */
  busSecret: string | null;
  policy: TenantPolicy;
  updatedAt: Date;
}

export const TenantSchema = new Schema<TenantRecord>(
  { _id: String, busSecret: { type: String, default: null }, policy: Schema.Types.Mixed, updatedAt: Date },
  { collection: 'tenants', versionKey: false, minimize: false },
);
export const TENANT_MODEL = 'Tenant';

/** How long a replica trusts its copy of a tenant: a policy change reaches every replica within this time. */
const CACHE_MS = 5000;

@Injectable()
export class TenantRepository {
  private readonly cache = new Map<string, { record: TenantRecord | null; until: number }>();

  constructor(@InjectModel(TENANT_MODEL) private readonly tenants: Model<TenantRecord>) {}

  /** Tenant lookups are cached for a few seconds: policies change rarely, commands arrive often. */
  async find(tenantId: string): Promise<TenantRecord | null> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.tenants.findById(tenantId).lean<TenantRecord>().exec();
    this.cache.set(tenantId, { record, until: Date.now() + CACHE_MS });
    return record;
  }

  async save(record: TenantRecord): Promise<void> {
    await this.tenants.replaceOne({ _id: record._id }, record, { upsert: true }).exec();
    this.cache.delete(record._id);
  }
}

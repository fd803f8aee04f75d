import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Schema, type Model } from 'mongoose';

export interface ApiKeyRecord {
  /** The key's visible prefix, e.g. `tsk_3f9a1c2b`; also shown in listings. */
  _id: string;
  tenantId: string;
  name: string;
  /** SHA-256 of the whole key (keys are 256-bit random, so a plain hash is enough). */
  hash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface TenantAccount {
  _id: string;
  name: string;
  createdAt: Date;
}

export const ApiKeySchema = new Schema<ApiKeyRecord>(
  {
    _id: String,
    tenantId: String,
    name: String,
    hash: String,
    createdAt: Date,
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
ApiKeySchema.index({ tenantId: 1 });
export const API_KEY_MODEL = 'ApiKey';

export const TenantAccountSchema = new Schema<TenantAccount>(
  { _id: String, name: String, createdAt: Date },
  { collection: 'tenants', versionKey: false },
);
export const TENANT_ACCOUNT_MODEL = 'TenantAccount';

/** Tenants and their API keys. Keys are read by `_id` (their prefix) on every request the cache misses. */
@Injectable()
export class ApiKeyRepository implements OnModuleInit {
  constructor(
    @InjectModel(API_KEY_MODEL) private readonly keys: Model<ApiKeyRecord>,
    @InjectModel(TENANT_ACCOUNT_MODEL) private readonly tenants: Model<TenantAccount>,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.keys.createIndexes();
  }

  async insertTenant(tenant: TenantAccount): Promise<void> {
    await this.tenants.insertMany([tenant], { lean: true });
  }

  async deleteTenant(id: string): Promise<void> {
    await this.tenants.deleteOne({ _id: id }).exec();
  }

  findTenant(id: string): Promise<TenantAccount | null> {
    return this.tenants.findById(id).lean<TenantAccount>().exec();
  }

  async insertKey(key: ApiKeyRecord): Promise<void> {
    await this.keys.insertMany([key], { lean: true });
  }

  findKey(prefix: string): Promise<ApiKeyRecord | null> {
    return this.keys.findById(prefix).lean<ApiKeyRecord>().exec();
  }

  /** Listing is an admin action, not a hot path: it may scan. */
  listKeys(tenantId: string): Promise<Omit<ApiKeyRecord, 'hash'>[]> {
    return this.keys.find({ tenantId }, { hash: 0 }).sort({ createdAt: 1 }).lean<Omit<ApiKeyRecord, 'hash'>[]>().exec();
  }

  async revokeKey(tenantId: string, prefix: string): Promise<boolean> {
    const result = await this.keys
      .updateOne({ _id: prefix, tenantId, revokedAt: null }, { $set: { revokedAt: new Date() } })
      .exec();
    return result.matchedCount > 0;
  }
}

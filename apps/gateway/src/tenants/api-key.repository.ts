import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@tessera/persistence';

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

@Injectable()
export class ApiKeyRepository implements OnModuleInit {
  private readonly keys: Collection<ApiKeyRecord>;
  private readonly tenants: Collection<TenantAccount>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.keys = db.collection<ApiKeyRecord>('api_keys');
    this.tenants = db.collection<TenantAccount>('tenants');
  }

  async onModuleInit(): Promise<void> {
    await this.keys.createIndex({ tenantId: 1 });
  }

  insertTenant(tenant: TenantAccount) {
    return this.tenants.insertOne(tenant);
  }

  deleteTenant(id: string) {
    return this.tenants.deleteOne({ _id: id });
  }

  findTenant(id: string) {
    return this.tenants.findOne({ _id: id });
  }

  insertKey(key: ApiKeyRecord) {
    return this.keys.insertOne(key);
  }

  findKey(prefix: string) {
    return this.keys.findOne({ _id: prefix });
  }

  listKeys(tenantId: string) {
    return this.keys
      .find({ tenantId }, { projection: { hash: 0 } })
      .sort({ createdAt: 1 })
      .toArray();
  }

  async revokeKey(tenantId: string, prefix: string): Promise<boolean> {
    const result = await this.keys.updateOne(
      { _id: prefix, tenantId, revokedAt: null },
      { $set: { revokedAt: new Date() } },
    );
    return result.matchedCount > 0;
  }
}

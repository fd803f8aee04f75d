import { Inject, Injectable } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { TenantPolicy } from '@tessera/contracts';
import { MONGO_DB } from '@tessera/persistence';

export interface TenantRecord {
  _id: string;
  /** Base64url HMAC key the tenant's own producers sign bus commands with. */
  busSecret: string | null;
  policy: TenantPolicy;
  updatedAt: Date;
}

@Injectable()
export class TenantRepository {
  private readonly collection: Collection<TenantRecord>;
  private readonly cache = new Map<string, { record: TenantRecord | null; until: number }>();

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<TenantRecord>('tenants');
  }

  /** Tenant lookups are cached for a few seconds: policies change rarely, commands arrive often. */
  async find(tenantId: string): Promise<TenantRecord | null> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.record;
    const record = await this.collection.findOne({ _id: tenantId });
    this.cache.set(tenantId, { record, until: Date.now() + 3000 });
    return record;
  }

  async save(record: TenantRecord): Promise<void> {
    await this.collection.replaceOne({ _id: record._id }, record, { upsert: true });
    this.cache.delete(record._id);
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { DomainError, ErrorCodes } from '@tessera/contracts';
import { canonicalJson, sha256Hex } from '@tessera/crypto';
import { MONGO_DB, isDuplicateKeyError } from '@tessera/persistence';

interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  verificationId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

const KEEP_MS = 24 * 3600_000;
const IN_FLIGHT_MS = 30_000;

/** Same key and same body within 24 h: the same verification; same key, other body: a conflict. */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  private readonly collection: Collection<IdempotencyRecord>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.collection = db.collection<IdempotencyRecord>('idempotency_keys');
  }

  async onModuleInit(): Promise<void> {
    await this.collection.createIndex({ expiresAt: 1 });
  }

  /** Returns the verification an earlier identical request created, or `{}` when this request is the first. */
  async remember(tenantId: string, key: string, request: unknown): Promise<{ verificationId?: string }> {
    const id = `${tenantId}:${key}`;
    const requestHash = sha256Hex(canonicalJson(request));
    const now = new Date();
    try {
      await this.collection.insertOne({
        _id: id,
        requestHash,
        verificationId: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + KEEP_MS),
      });
      return {};
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.collection.findOne({ _id: id });
    if (!existing || existing.expiresAt < now) {
      await this.collection.deleteOne({ _id: id, createdAt: existing?.createdAt ?? now });
      return this.remember(tenantId, key, request);
    }
    if (existing.requestHash !== requestHash) {
      throw new DomainError(ErrorCodes.idempotencyConflict, 'this Idempotency-Key was used with a different request');
    }
    if (existing.verificationId) return { verificationId: existing.verificationId };
    if (now.getTime() - existing.createdAt.getTime() < IN_FLIGHT_MS) {
      throw new DomainError(
        ErrorCodes.idempotencyConflict,
        'a request with this Idempotency-Key is still in progress',
        1,
      );
    }
    return {};
  }

  async bind(tenantId: string, key: string, verificationId: string): Promise<void> {
    await this.collection.updateOne({ _id: `${tenantId}:${key}` }, { $set: { verificationId } });
  }

  async forget(tenantId: string, key: string): Promise<void> {
    await this.collection.deleteOne({ _id: `${tenantId}:${key}`, verificationId: null });
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Schema, type Model } from 'mongoose';
import { DomainError, ErrorCodes } from '@tessera/contracts';
import { canonicalJson, sha256Hex } from '@tessera/crypto';
import { isDuplicateKeyError } from '@tessera/persistence';

interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  verificationId: string;
  createdAt: Date;
  expiresAt: Date;
}

export const IdempotencySchema = new Schema<IdempotencyRecord>(
  { _id: String, requestHash: String, verificationId: String, createdAt: Date, expiresAt: Date },
  { collection: 'idempotency_keys', versionKey: false },
);
IdempotencySchema.index({ expiresAt: 1 });
export const IDEMPOTENCY_MODEL = 'IdempotencyKey';

const KEEP_MS = 24 * 3600_000;

/** Same key and same body within 24 h: the same verification; same key, other body: a conflict. */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  constructor(@InjectModel(IDEMPOTENCY_MODEL) private readonly keys: Model<IdempotencyRecord>) {}

  async onModuleInit(): Promise<void> {
    await this.keys.createIndexes();
  }

  /**
   * Binds the key to `verificationId` (one insert, the fence), or returns the verification an earlier identical
   * request was bound to.
   */
  async claim(tenantId: string, key: string, request: unknown, verificationId: string): Promise<string | null> {
    const _id = `${tenantId}:${key}`;
    const requestHash = sha256Hex(canonicalJson(request));
    const now = new Date();
    try {
      await this.keys.insertMany(
        [{ _id, requestHash, verificationId, createdAt: now, expiresAt: new Date(now.getTime() + KEEP_MS) }],
        { lean: true },
      );
      return null;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const existing = await this.keys.findById(_id).lean<IdempotencyRecord>().exec();
    if (!existing || existing.expiresAt < now) {
      await this.keys.deleteOne({ _id, createdAt: existing?.createdAt ?? now }).exec();
      return this.claim(tenantId, key, request, verificationId);
    }
    if (existing.requestHash !== requestHash) {
      throw new DomainError(ErrorCodes.idempotencyConflict, 'this Idempotency-Key was used with a different request');
    }
    return existing.verificationId;
  }

  /** Releases a key whose request failed, so that a retry can run it again. */
  async forget(tenantId: string, key: string, verificationId: string): Promise<void> {
    await this.keys.deleteOne({ _id: `${tenantId}:${key}`, verificationId }).exec();
  }

  async deleteExpired(now: Date): Promise<number> {
    return (await this.keys.deleteMany({ expiresAt: { $lt: now } }).exec()).deletedCount;
  }
}

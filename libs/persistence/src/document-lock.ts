import { randomUUID } from 'node:crypto';
import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

interface LockDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`could not lock ${key} in time`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * A short mutual-exclusion lease taken by a unique insert. FerretDB v1 runs an update as read-modify-write of
 * the whole document without a lock, so two writers of one document can lose each other's changes; every
 * read-modify-write of a shared document runs under this lease. A crashed holder's lease expires.
 */
export class DocumentLock {
  private readonly collection: Collection<LockDocument>;

  constructor(
    db: Db,
    collectionName = 'locks',
    private readonly leaseMs = 10000,
    private readonly waitMs = 15000,
  ) {
    this.collection = db.collection<LockDocument>(collectionName);
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const owner = await this.acquire(key);
    try {
      return await work();
    } finally {
      await this.collection.deleteOne({ _id: key, owner });
    }
  }

  private async acquire(key: string): Promise<string> {
    const owner = randomUUID();
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.collection.insertOne({ _id: key, owner, expiresAt: new Date(Date.now() + this.leaseMs) });
        return owner;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      if (attempt % 20 === 19) await this.collection.deleteOne({ _id: key, expiresAt: { $lt: new Date() } });
      if (Date.now() > deadline) throw new LockTimeoutError(key);
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * Math.min(50, 2 * attempt + 2)));
    }
  }
}

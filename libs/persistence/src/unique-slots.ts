import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

interface SlotDocument {
  _id: string;
  key: string;
  n: number;
  takenAt: Date;
  expiresAt: Date | null;
}

/**
 * "At most N" decided by unique inserts on `_id`: slot n of key k is the document `k#n`. Both MongoDB and
 * FerretDB serialize inserts of the same `_id`, where FerretDB does not serialize conditional updates.
 *
 * Slots of a key are taken from the lowest free one upwards and never freed one by one, so the taken ones are
 * always 1..k: the count is found by a binary search of point reads by `_id`, the only lookup FerretDB v1 on
 * SQLite answers without scanning the collection.
 */
export class UniqueSlots {
  private readonly collection: Collection<SlotDocument>;

  constructor(db: Db, collectionName: string) {
    this.collection = db.collection<SlotDocument>(collectionName);
  }

  /** Takes the lowest free slot in 1..max and returns its number, or null when every slot is taken. */
  async take(key: string, max: number, expiresAt: Date | null = null): Promise<number | null> {
    for (let n = (await this.count(key, max)) + 1; n <= max; n++) {
      if (await this.tryInsert(key, n, expiresAt)) return n;
    }
    return null;
  }

  /** Claims exactly slot n (for "step n happens once"); false when someone already holds it. */
  async claim(key: string, n: number, expiresAt: Date | null = null): Promise<boolean> {
    return this.tryInsert(key, n, expiresAt);
  }

  /** How many of slots 1..max are taken. */
  async count(key: string, max: number): Promise<number> {
    let low = 0;
    let high = max;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (await this.isTaken(key, middle)) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  async isTaken(key: string, n: number): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${key}#${n}` }, { projection: { _id: 1 } })) !== null;
  }

  /** Sweeper entry point: FerretDB v1 has no TTL indexes. */
  async deleteExpired(now: Date): Promise<number> {
    const result = await this.collection.deleteMany({ expiresAt: { $ne: null, $lt: now } });
    return result.deletedCount;
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ expiresAt: 1 });
  }

  private async tryInsert(key: string, n: number, expiresAt: Date | null): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: `${key}#${n}`, key, n, takenAt: new Date(), expiresAt });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

import { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

interface ProcessedMessage {
  _id: string;
  at: Date;
  state: 'claimed' | 'done';
  result?: Record<string, unknown>;
}

/**
 * The inbox: a consumer that causes an outside effect first claims the effect's key here. A duplicate key
 * means it was already done (or is being done) and must not happen twice.
 */
export class ProcessedMessageStore {
  private readonly collection: Collection<ProcessedMessage>;

  constructor(db: Db, collectionName = 'processed_messages') {
    this.collection = db.collection<ProcessedMessage>(collectionName);
  }

  async claim(key: string): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: key, at: new Date(), state: 'claimed' });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async complete(key: string, result: Record<string, unknown>): Promise<void> {
    await this.collection.updateOne({ _id: key }, { $set: { state: 'done', result } });
  }

  async release(key: string): Promise<void> {
    await this.collection.deleteOne({ _id: key, state: 'claimed' });
  }

  async find(key: string): Promise<ProcessedMessage | null> {
    return this.collection.findOne({ _id: key });
  }
}

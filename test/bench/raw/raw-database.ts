import type { Collection } from 'mongodb';

interface RawDocument {
  _id: string;
  n: number;
  pad: string;
}

const PAD = 'p'.repeat(400);

/**
 * Sends one hop's database commands for a flow, one after the other, each a point operation by `_id`: the
 * first insert of a flow creates its document, later inserts create side documents that deletes remove again.
 */
export class RawDatabase {
  /** Side documents each flow still has, newest last (bounded: the oldest flows are forgotten first). */
  private readonly sideDocs = new Map<string, string[]>();
  private sequence = 0;

  constructor(private readonly collection: Collection<RawDocument>) {}

  async hop(id: string, commands: readonly string[], first: boolean): Promise<void> {
    let mainInserted = !first;
    for (const command of commands) {
      switch (command) {
        case 'insert':
          if (!mainInserted) {
            await this.collection.insertOne({ _id: id, n: 0, pad: PAD });
            mainInserted = true;
          } else {
            const side = `${id}:${++this.sequence}`;
            this.sides(id).push(side);
            await this.collection.insertOne({ _id: side, n: this.sequence, pad: '' });
          }
          break;
        case 'update':
          await this.collection.updateOne({ _id: id }, { $set: { n: Date.now() } });
          break;
        case 'findAndModify':
          await this.collection.findOneAndUpdate({ _id: id }, { $set: { n: Date.now() } });
          break;
        case 'delete':
          await this.collection.deleteOne({ _id: this.sides(id).pop() ?? `${id}:none` });
          break;
        default:
          await this.collection.findOne({ _id: id });
      }
    }
  }

  private sides(id: string): string[] {
    let sides = this.sideDocs.get(id);
    if (!sides) {
      sides = [];
      this.sideDocs.set(id, sides);
      if (this.sideDocs.size > 50_000) this.sideDocs.delete(this.sideDocs.keys().next().value!);
    }
    return sides;
  }
}

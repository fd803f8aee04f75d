import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * The fence ARCHITECTURE.md relies on where something must never happen twice (an approval, a delivery attempt):
 * a unique insert, proven against FerretDB (the MONGO_URL of the tests).
 */
describe('unique inserts on the real database', () => {
  const client = new MongoClient(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017');
  let db: Db;

  beforeAll(async () => {
    await client.connect();
    db = client.db(`int_${Date.now().toString(36)}`);
  });
  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  });

  it('lets exactly one of 50 concurrent inserts of the same key succeed', async () => {
    const collection = db.collection<{ _id: string; key: string; n: number }>('approvals');
    await collection.createIndex({ key: 1 }, { unique: true });
    const key = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, n) => collection.insertOne({ _id: randomUUID(), key, n })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    expect(lost.every((r) => isDuplicateKeyError(r.reason))).toBe(true);
    expect(await collection.countDocuments({ key })).toBe(1);
  });

  it('lets exactly one of 50 concurrent inserts of the same _id succeed (the approval fence)', async () => {
    const fences = db.collection<{ _id: string; n: number }>('fences');
    const id = randomUUID();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, n) => fences.insertOne({ _id: id, n })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost.every((r) => isDuplicateKeyError(r.reason))).toBe(true);
    expect(await fences.countDocuments({ _id: id })).toBe(1);
  });
});

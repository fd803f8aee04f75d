import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { DocumentLock } from './document-lock';
import { isDuplicateKeyError } from './mongo-errors';
import { UniqueSlots } from './unique-slots';

/** The serialization points of the unique-insert decisions, proven against FerretDB (the MONGO_URL of the tests). */
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

  it('hands out exactly N distinct slots to 50 concurrent takers', async () => {
    const slots = new UniqueSlots(db, 'slots');
    await slots.ensureIndexes();
    const taken = await Promise.all(Array.from({ length: 50 }, () => slots.take('v1', 5)));
    const numbers = taken.filter((n): n is number => n !== null).sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    expect(taken.filter((n) => n === null)).toHaveLength(45);
    expect(await slots.count('v1', 5)).toBe(5);
    expect(await slots.count('v1', 10)).toBe(5);
    expect(await slots.count('other', 5)).toBe(0);
  });

  it('claims a numbered step once however many ask', async () => {
    const slots = new UniqueSlots(db, 'steps');
    const claims = await Promise.all(Array.from({ length: 30 }, () => slots.claim('vf_x:step', 2)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('loses no update when 40 writers read-modify-write one document under the lock', async () => {
    const counters = db.collection<{ _id: string; value: number; seen: number[] }>('counters');
    await counters.insertOne({ _id: 'c', value: 0, seen: [] });
    const lock = new DocumentLock(db, 'locks');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        lock.withLock('c', async () => {
          const current = (await counters.findOne({ _id: 'c' }))!;
          await counters.replaceOne({ _id: 'c' }, { value: current.value + 1, seen: [...current.seen, i] });
        }),
      ),
    );
    const final = (await counters.findOne({ _id: 'c' }))!;
    expect(final.value).toBe(40);
    expect(final.seen).toHaveLength(40);
  });
});

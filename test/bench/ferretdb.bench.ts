import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { ms, percentile, writeSection } from './bench-report';

/** `npm run bench:ferretdb`: single-insert throughput and the cost of a unique-insert decision, on MONGO_URL. */
async function main(): Promise<void> {
  const url = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(`bench_${Date.now().toString(36)}`);
  try {
    const docs = db.collection<{ _id: string; n: number; pad: string }>('inserts');
    const n = 2000;
    const started = performance.now();
    for (let i = 0; i < n; i++) await docs.insertOne({ _id: randomUUID(), n: i, pad: 'x'.repeat(200) });
    const sequentialSeconds = (performance.now() - started) / 1000;

    const slots = db.collection<{ _id: string }>('slots');
    const rounds = 50;
    const decisionMs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const key = randomUUID();
      const t0 = performance.now();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => slots.insertOne({ _id: key })));
      decisionMs.push(performance.now() - t0);
      if (results.filter((x) => x.status === 'fulfilled').length !== 1)
        throw new Error('unique insert let more than one through');
    }
    writeSection('ferretdb', `Database inserts (${url.replace(/\/\/[^@]*@/, '//')})`, 'npm run bench:ferretdb', [
      `| measure | value |`,
      `| --- | --- |`,
      `| ${n} sequential single inserts, one connection | ${(n / sequentialSeconds).toFixed(0)} inserts/s |`,
      `| 20 concurrent inserts of one key (one wins), p50 of ${rounds} rounds | ${ms(percentile(decisionMs, 50))} |`,
      `| same, p95 | ${ms(percentile(decisionMs, 95))} |`,
      '',
    ]);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

void main();

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient, type Collection, type Db } from 'mongodb';
import mongoose from 'mongoose';
import type { OtpServiceEnv } from '../../apps/otp-service/src/config/otp-service.config';
import {
  APPROVAL_MODEL,
  ApprovalSchema,
  DESTINATION_MODEL,
  DestinationSchema,
} from '../../apps/otp-service/src/verifications/destination.schema';
import { RetiredRecords } from '../../apps/otp-service/src/verifications/retired-records';
import { RETIRE_BATCH_SIZE, emptyRetirement } from '../../apps/otp-service/src/verifications/retirement';
import { VerificationRepository } from '../../apps/otp-service/src/verifications/verification.repository';
import { VERIFICATION_MODEL, VerificationSchema } from '../../apps/otp-service/src/verifications/verification.schema';
import type { VerificationRecord } from '../../apps/otp-service/src/verifications/verification.schema';
import {
  toStoredVerification,
  type StoredVerification,
} from '../../apps/otp-service/src/verifications/verification.stored-form';
import { ms, percentile } from './bench-report';

/**
 * Point operations by `_id` on MONGO_URL as the stored data grows, and under 8 concurrent clients; prints markdown
 * tables (it does not touch BENCHMARKS.md). Run it once per FerretDB build or setting to compare them:
 *
 *   MONGO_URL=mongodb://127.0.0.1:27017 node -r ts-node/register/transpile-only -r tsconfig-paths/register \
 *     test/bench/ferretdb-point-ops.bench.ts [sizes] [concurrent] [records] [sweep] [sweep-order] [retire] [indexes]
 *
 * `sizes`: one client, BENCH_OPS (100) of each of findOne({_id}), updateOne({_id}), findOne({_id, tenantId}) and
 * replaceOne({_id, version}) at BENCH_SIZES (500,5000,20000) documents. `concurrent`: BENCH_CONCURRENCY (8)
 * clients doing BENCH_OPS each of insertOne, findOne({_id}) and replaceOne({_id}) on BENCH_CONCURRENT_DOCS (5000)
 * documents, with the FerretDB process's CPU per operation (utime + stime from /proc/<pid>/stat; the pid from
 * FERRETDB_PID or $TESSERA_HOME/ferretdb/ferretdb.pid, so only for a FerretDB on this machine). `records`: the same
 * clients writing a receipt to a verification-shaped record (about 1 KB), once as the whole record
 * (`replaceOne({_id, version})`, what the otp-service sends) and once as the fields it changed
 * (`updateOne({_id, version}, {$set})`), with its lists as JSON text (the stored form before), in the stored form
 * (verification.stored-form.ts: the queried fields, the rest one JSON text), and as a bulkWrite of several
 * records, with the FerretDB CPU of each. `sweep`: the retention sweep's query on the verifications
 * (`deleteMany({endedAt: {$ne: null, $lt: 30 days ago}})`, matching none) over BENCH_SWEEP_SIZES (10000,100000)
 * ended records in the stored form, its time and FerretDB's CPU (median of three). `sweep-order`: the otp-service's
 * whole retention sweep (its three deletes) over BENCH_SWEEP_ORDER_SIZE (100000) records, fences and destinations,
 * its three deletes at once and one after another in turn, with BENCH_SWEEP_READS (50) reads by `_id` a second
 * beside it: the sweep's time, FerretDB's CPU and the reads' latency (medians of three turns). `retire`: over the
 * same stored data, BENCH_RETIRE_BATCHES (24: four for each of six partitions, one sweep's worth) batches of records
 * past retention, deleted in turn by the backstop's three scans (`deleteBefore`) and by the otp-service's sweep of
 * its retired batches (RetiredRecords over VerificationRepository, by `_id`), with the reads beside each. `indexes`:
 * new stored-form records inserted and written a receipt, with and without the `endedAt` index, three rounds.
 */
interface Doc {
  _id: string;
  tenantId: string;
  version: number;
  hits: number;
  status: string;
  pad: string;
}

const TENANTS = 10;
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const sizes = env('BENCH_SIZES', '500,5000,20000').split(',').map(Number);
const ops = Number(env('BENCH_OPS', '100'));
const concurrency = Number(env('BENCH_CONCURRENCY', '8'));
const concurrentDocs = Number(env('BENCH_CONCURRENT_DOCS', '5000'));
const BATCH = Number(env('BENCH_BATCH', '4'));

function newDoc(i: number): Doc {
  return {
    _id: randomUUID(),
    tenantId: `t${i % TENANTS}`,
    version: 1,
    hits: 0,
    status: 'pending',
    pad: 'x'.repeat(300),
  };
}

async function seed(collection: Collection<Doc>, count: number): Promise<Doc[]> {
  const docs = Array.from({ length: count }, (_, i) => newDoc(i));
  for (let i = 0; i < docs.length; i += 1000) await collection.insertMany(docs.slice(i, i + 1000));
  return docs;
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

async function timed(count: number, op: (i: number) => Promise<void>): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await op(i);
    took.push(performance.now() - t0);
  }
  return took;
}

function expectOne(what: string, n: number): void {
  if (n !== 1) throw new Error(`${what} matched ${n} documents, expected 1`);
}

async function measureSizes(db: Db): Promise<string[]> {
  const rows = [
    '| documents | findOne({_id}) | updateOne({_id}) | findOne({_id, tenantId}) | replaceOne({_id, version}) |',
  ];
  rows.push('| --- | --- | --- | --- | --- |');
  for (const size of sizes) {
    const collection = db.collection<Doc>(`points_${size}`);
    const docs = await seed(collection, size);
    const byId = async () => expectOne('findOne', (await collection.findOne({ _id: pick(docs)._id })) ? 1 : 0);
    await timed(10, byId); // warm-up
    const find = await timed(ops, byId);
    const update = await timed(ops, async () => {
      expectOne('updateOne', (await collection.updateOne({ _id: pick(docs)._id }, { $inc: { hits: 1 } })).matchedCount);
    });
    const scoped = await timed(ops, async () => {
      const doc = pick(docs);
      expectOne('findOne scoped', (await collection.findOne({ _id: doc._id, tenantId: doc.tenantId })) ? 1 : 0);
    });
    const replace = await timed(ops, async () => {
      const doc = pick(docs);
      const next = { ...doc, version: doc.version + 1 };
      const { _id, ...replacement } = next;
      expectOne('replaceOne', (await collection.replaceOne({ _id, version: doc.version }, replacement)).matchedCount);
      docs[docs.indexOf(doc)] = next;
    });
    const cell = (v: number[]) => `${ms(percentile(v, 50))} / ${ms(percentile(v, 95))}`;
    rows.push(`| ${size} | ${cell(find)} | ${cell(update)} | ${cell(scoped)} | ${cell(replace)} |`);
    await collection.drop();
  }
  return ['p50 / p95 of ' + ops + ' sequential operations, one client:', '', ...rows];
}

function ferretdbPid(): number | null {
  if (process.env.FERRETDB_PID) return Number(process.env.FERRETDB_PID);
  const home = process.env.TESSERA_HOME ?? join(__dirname, '..', '..', '.local');
  const file = join(home, 'ferretdb', 'ferretdb.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : null;
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of the process, in ms (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
function cpuMs(pid: number | null): number {
  if (pid === null) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

async function concurrently(op: (worker: number, i: number) => Promise<void>) {
  const took: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; i < ops; i++) {
        const s = performance.now();
        await op(worker, i);
        took.push(performance.now() - s);
      }
    }),
  );
  return { took, seconds: (performance.now() - t0) / 1000 };
}

type Phase = [name: string, op: (worker: number, i: number) => Promise<void>, writesPerOp?: number];

/** One table row per phase: latency of each operation, operations a second, FerretDB's CPU per write. */
async function measurePhases(phases: Phase[], pid: number | null): Promise<string[]> {
  const rows: string[] = [];
  for (const [name, op, writesPerOp = 1] of phases) {
    const cpu0 = cpuMs(pid);
    const { took, seconds } = await concurrently(op);
    const cpu = (cpuMs(pid) - cpu0) / (took.length * writesPerOp);
    const cpuCell = Number.isNaN(cpu) ? 'n/a' : ms(cpu);
    rows.push(
      `| ${name} | ${ms(percentile(took, 50))} | ${ms(percentile(took, 95))} | ${(took.length / seconds).toFixed(0)} | ${cpuCell} |`,
    );
  }
  return rows;
}

async function measureConcurrent(db: Db): Promise<string[]> {
  const collection = db.collection<Doc>('concurrent');
  const docs = await seed(collection, concurrentDocs);
  const pid = ferretdbPid();
  const rows = ['| operation | p50 | p95 | ops/s | FerretDB CPU per op |', '| --- | --- | --- | --- | --- |'];
  // each worker replaces its own slice of documents, so every version guard matches
  const slices = Array.from({ length: concurrency }, (_, w) => docs.filter((_, i) => i % concurrency === w));
  const phases: Phase[] = [
    ['insertOne', async (_w, i) => void (await collection.insertOne(newDoc(i)))],
    ['findOne({_id})', async () => expectOne('findOne', (await collection.findOne({ _id: pick(docs)._id })) ? 1 : 0)],
    [
      'replaceOne({_id})',
      async (w) => {
        const doc = pick(slices[w]);
        const { _id, ...rest } = doc;
        doc.hits += 1;
        expectOne('replaceOne', (await collection.replaceOne({ _id }, { ...rest, hits: doc.hits })).matchedCount);
      },
    ],
  ];
  rows.push(...(await measurePhases(phases, pid)));
  await collection.drop();
  return [`${concurrency} concurrent clients, ${ops} operations each, on ${concurrentDocs} documents:`, '', ...rows];
}

/** A verification record as the otp-service stores it after its send (the fields that make up its size). */
function verificationShaped(i: number) {
  const at = new Date();
  const hex = randomUUID().replace(/-/g, '');
  return {
    _id: `vf_${hex}`,
    tenantId: `t${i % TENANTS}`,
    partition: i % 6,
    to: '+447500900123',
    destinationKey: hex.repeat(2),
    plan: ['sms'],
    step: 0,
    status: 'pending',
    reason: null,
    codeHash: hex.repeat(2),
    sealedCode: { kid: 'k1', iv: 'W4wf9VONAUYZkqNf', ct: 'kTHoue89', tag: 'E59mb+pk5QTLACHzcLrdoQ==' },
    codeLength: 6,
    locale: 'en',
    metadata: {},
    maxChecks: 5,
    checksUsed: 0,
    maxSends: 5,
    sendsUsed: 1,
    resendAvailableAt: at,
    deliveries: [
      {
        attempt: 1,
        channel: 'sms',
        provider: 'twilio',
        providerMessageId: `SM${hex}`,
        status: 'sent',
        errorCode: null,
        history: [
          { status: 'queued', at, errorCode: null },
          { status: 'sent', at, errorCode: null },
        ],
        requestedAt: at,
        stepDeadline: null,
      },
    ],
    checks: [],
    outbox: [],
    version: 1,
    expiresAt: at,
    createdAt: at,
    updatedAt: at,
    endedAt: null,
    traceparent: `00-${hex}-${hex.slice(0, 16)}-01`,
  };
}

/** Stores each record (a copy of it, written in `form`) and returns the copies, one slice per client. */
async function seedCopies<R extends { _id: string }, S extends { _id: string }>(
  collection: Collection<S>,
  records: R[],
  form: (record: R) => S,
): Promise<R[][]> {
  const copies = records.map((record) => structuredClone(record));
  for (let i = 0; i < copies.length; i += 1000) {
    await collection.insertMany(copies.slice(i, i + 1000).map(form) as never[]);
  }
  return Array.from({ length: concurrency }, (_, w) => copies.filter((_, i) => i % concurrency === w));
}

async function measureRecordWrites(db: Db): Promise<string[]> {
  const collection = db.collection<ReturnType<typeof verificationShaped>>('records');
  const pid = ferretdbPid();
  const records = Array.from({ length: concurrentDocs }, (_, i) => verificationShaped(i));
  for (let i = 0; i < records.length; i += 1000) await collection.insertMany(records.slice(i, i + 1000));
  const slices = Array.from({ length: concurrency }, (_, w) => records.filter((_, i) => i % concurrency === w));
  // the same records, each list as JSON text (the otp-service's stored form before the current one)
  const listsForm = db.collection<ReturnType<typeof asListsText>>('records_lists');
  const asListsText = (record: (typeof records)[number]) => ({
    ...record,
    deliveries: JSON.stringify(record.deliveries),
    checks: JSON.stringify(record.checks),
    outbox: JSON.stringify(record.outbox),
  });
  const listsSlices = await seedCopies(listsForm, records, asListsText);
  // the same records as the otp-service stores them (verification.stored-form.ts)
  const storedForm = db.collection<StoredVerification>('records_stored');
  const asStored = (record: (typeof records)[number]) => toStoredVerification(record as unknown as VerificationRecord);
  const storedSlices = await seedCopies(storedForm, records, asStored);
  const receipt = (record: (typeof records)[number]) => {
    record.deliveries[0].history.push({ status: 'delivered', at: new Date(), errorCode: null });
    record.deliveries[0].history.splice(0, record.deliveries[0].history.length - 3);
    record.version += 1;
    record.updatedAt = new Date();
  };
  const phases: Phase[] = [
    [
      'replaceOne({_id, version}) of the record',
      async (w, i) => {
        const record = slices[w][i % slices[w].length];
        const version = record.version;
        receipt(record);
        expectOne('replaceOne', (await collection.replaceOne({ _id: record._id, version }, record)).matchedCount);
      },
    ],
    [
      'replaceOne({_id, version}) of the record with its lists as JSON text (the form before)',
      async (w, i) => {
        const record = listsSlices[w][i % listsSlices[w].length];
        const version = record.version;
        receipt(record);
        expectOne(
          'replaceOne',
          (await listsForm.replaceOne({ _id: record._id, version }, asListsText(record))).matchedCount,
        );
      },
    ],
    [
      'replaceOne({_id, version}) of the record in its stored form (queried fields, the rest one JSON text)',
      async (w, i) => {
        const record = storedSlices[w][i % storedSlices[w].length];
        const version = record.version;
        receipt(record);
        expectOne(
          'replaceOne',
          (await storedForm.replaceOne({ _id: record._id, version }, asStored(record))).matchedCount,
        );
      },
    ],
    [
      'updateOne({_id, version}, {$set}) of what changed',
      async (w, i) => {
        const record = slices[w][i % slices[w].length];
        const version = record.version;
        receipt(record);
        const $set = { deliveries: record.deliveries, version: record.version, updatedAt: record.updatedAt };
        expectOne('updateOne', (await collection.updateOne({ _id: record._id, version }, { $set })).matchedCount);
      },
    ],
    [
      `bulkWrite of ${BATCH} replaceOne({_id, version}), per record`,
      async (w, i) => {
        const batch = Array.from({ length: BATCH }, (_, k) => slices[w][(i * BATCH + k) % slices[w].length]);
        const operations = batch.map((record) => {
          const version = record.version;
          receipt(record);
          return { replaceOne: { filter: { _id: record._id, version }, replacement: record } };
        });
        const result = await collection.bulkWrite(operations, { ordered: false });
        if (result.matchedCount !== BATCH) throw new Error(`bulkWrite matched ${result.matchedCount} of ${BATCH}`);
      },
      BATCH,
    ],
  ];
  const rows = [
    '| write of one receipt | p50 | p95 | ops/s | FerretDB CPU per record |',
    '| --- | --- | --- | --- | --- |',
  ];
  rows.push(...(await measurePhases(phases, pid)));
  await collection.drop();
  await listsForm.drop();
  await storedForm.drop();
  return [
    `${concurrency} concurrent clients, ${ops} writes each, on ${concurrentDocs} verification-shaped records:`,
    '',
    ...rows,
  ];
}

/**
 * What a secondary index costs FerretDB's writes: new records in the stored form, inserted and then written a
 * receipt, in a collection with the otp-service's `endedAt` index and in one with the `_id` index alone, in turn,
 * three rounds.
 */
async function measureIndexes(db: Db): Promise<string[]> {
  const pid = ferretdbPid();
  const indexed = db.collection<StoredVerification>('records_indexed');
  const bare = db.collection<StoredVerification>('records_bare');
  await indexed.createIndex({ endedAt: 1 });
  await bare.insertOne(toStoredVerification(verificationShaped(0) as unknown as VerificationRecord));
  const stored = (record: ReturnType<typeof verificationShaped>) =>
    toStoredVerification(record as unknown as VerificationRecord);
  const rows = [
    '| round | collection | write | p50 | p95 | ops/s | FerretDB CPU per op |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (let round = 1; round <= 3; round++) {
    for (const [label, collection] of [
      ['with the endedAt index', indexed],
      ['with the _id index only', bare],
    ] as const) {
      const records = Array.from({ length: concurrency * ops }, (_, i) => verificationShaped(i));
      const slices = Array.from({ length: concurrency }, (_, w) => records.filter((_, i) => i % concurrency === w));
      const phases: Phase[] = [
        ['insertOne', async (w, i) => void (await collection.insertOne(stored(slices[w]![i]!)))],
        [
          'replaceOne({_id, version}): a receipt',
          async (w, i) => {
            const record = slices[w]![i]!;
            const version = record.version;
            record.version += 1;
            record.updatedAt = new Date();
            const { matchedCount } = await collection.replaceOne({ _id: record._id, version }, stored(record));
            expectOne('replaceOne', matchedCount);
          },
        ],
      ];
      rows.push(...(await measurePhases(phases, pid)).map((row) => `| ${round} | ${label} ${row}`));
    }
  }
  await Promise.all([indexed.drop(), bare.drop()]);
  return [`${concurrency} concurrent clients, ${ops} new records each, in the stored form:`, '', ...rows];
}

/** A verification-shaped record ended at `at`, in the stored form, as the retention sweep finds it. */
const endedStored = (record: ReturnType<typeof verificationShaped>, at: Date): StoredVerification =>
  toStoredVerification({ ...record, status: 'approved', endedAt: at } as unknown as VerificationRecord);

/** The sweep's cutoff at the default RETENTION_DAYS (30): every record the benchmarks store is younger. */
const sweepCutoff = () => new Date(Date.now() - 30 * 86400_000);

/** The retention sweep's scan of the verifications, as `VerificationRepository.deleteBefore` sends it. */
async function measureSweep(db: Db): Promise<string[]> {
  const pid = ferretdbPid();
  const rows = ['| ended records stored | time | FerretDB CPU |', '| --- | --- | --- |'];
  for (const size of env('BENCH_SWEEP_SIZES', '10000,100000').split(',').map(Number)) {
    const collection = db.collection<StoredVerification>(`sweep_${size}`);
    for (let i = 0; i < size; i += 1000) {
      const now = new Date();
      const batch = Array.from({ length: Math.min(1000, size - i) }, (_, k) =>
        endedStored(verificationShaped(i + k), now),
      );
      await collection.insertMany(batch);
    }
    const cutoff = sweepCutoff();
    const took: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < 3; round++) {
      const cpu0 = cpuMs(pid);
      const t0 = performance.now();
      const { deletedCount } = await collection.deleteMany({ endedAt: { $ne: null, $lt: cutoff } });
      took.push(performance.now() - t0);
      cpu.push(cpuMs(pid) - cpu0);
      if (deletedCount !== 0) throw new Error(`the sweep deleted ${deletedCount} recent records`);
    }
    rows.push(`| ${size} | ${ms(percentile(took, 50))} | ${Number.isNaN(cpu[0]) ? 'n/a' : ms(percentile(cpu, 50))} |`);
    await collection.drop();
  }
  return ["The retention sweep's query on the verifications (matching none), median of three:", '', ...rows];
}

/** Reads of one record by `_id`, sent on a schedule (not after the previous reply) until the returned stop is called. */
function pacedReads(collection: Collection<StoredVerification>, ids: string[], perSecond: number) {
  const took: number[] = [];
  const replies: Promise<void>[] = [];
  let stopped = false;
  const sending = (async () => {
    let due = performance.now();
    while (!stopped) {
      const scheduled = due;
      replies.push(
        collection.findOne({ _id: pick(ids) }).then((found) => {
          expectOne('findOne', found ? 1 : 0);
          took.push(performance.now() - scheduled);
        }),
      );
      due += 1000 / perSecond;
      await sleep(Math.max(0, due - performance.now()));
    }
  })();
  return async () => {
    stopped = true;
    await sending;
    await Promise.all(replies);
    return took;
  };
}

/** The otp-service's three collections that retention deletes from, as the benchmarks fill them. */
function retentionCollections(db: Db) {
  return {
    verifications: db.collection<StoredVerification>('verifications'),
    approvals: db.collection<{ _id: string; checkId: string; at: Date }>('verification_approvals'),
    destinations: db.collection<{ _id: string; kind: string; latestId: string; updatedAt: Date }>(
      'verification_destinations',
    ),
  };
}

/** Stores `count` verification-shaped records ended at `at`, each with its approval fence and its destination. */
async function storeEnded(db: Db, count: number, at: Date): Promise<ReturnType<typeof verificationShaped>[]> {
  const { verifications, approvals, destinations } = retentionCollections(db);
  const records = Array.from({ length: count }, (_, i) => verificationShaped(i));
  for (let i = 0; i < count; i += 1000) {
    const slice = records.slice(i, i + 1000);
    await verifications.insertMany(slice.map((record) => endedStored(record, at)));
    await approvals.insertMany(slice.map((record) => ({ _id: record._id, checkId: randomUUID(), at })));
    await destinations.insertMany(
      slice.map((record) => ({ _id: record.destinationKey, kind: 'destination', latestId: record._id, updatedAt: at })),
    );
  }
  return records;
}

type TurnResults = Record<string, { took: number[]; cpu: number[]; p50: number[]; p99: number[]; max: number[] }>;

/**
 * Three turns of each way of deleting, in turn: each timed, with FerretDB's CPU, and with reads by `_id` sent on a
 * schedule beside it. `prepare` runs before each turn (outside the measure), `check` after it.
 */
async function turnsBesideReads<T>(
  ways: Record<string, (prepared: T) => Promise<unknown>>,
  reads: { collection: Collection<StoredVerification>; ids: string[]; rate: number },
  prepare: (way: string) => Promise<T>,
  check: (way: string) => Promise<void> = async () => undefined,
): Promise<TurnResults> {
  const pid = ferretdbPid();
  const results: TurnResults = {};
  for (const name of Object.keys(ways)) results[name] = { took: [], cpu: [], p50: [], p99: [], max: [] };
  for (let round = 0; round < 3; round++) {
    for (const [name, remove] of Object.entries(ways)) {
      const prepared = await prepare(name);
      const stop = pacedReads(reads.collection, reads.ids, reads.rate);
      const cpu0 = cpuMs(pid);
      const t0 = performance.now();
      await remove(prepared);
      const result = results[name];
      result.took.push(performance.now() - t0);
      result.cpu.push(cpuMs(pid) - cpu0);
      const took = await stop();
      result.p50.push(percentile(took, 50));
      result.p99.push(percentile(took, 99));
      result.max.push(Math.max(...took));
      await check(name);
    }
  }
  return results;
}

/** A table row of each way's medians: time, FerretDB CPU, reads p50, p99 and max. */
function turnRows(results: TurnResults): string[] {
  const median = (values: number[]) => (Number.isNaN(values[0]) ? 'n/a' : ms(percentile(values, 50)));
  return Object.entries(results).map(
    ([name, r]) =>
      `| ${name} | ${median(r.took)} | ${median(r.cpu)} | ${median(r.p50)} | ${median(r.p99)} | ${median(r.max)} |`,
  );
}

/**
 * The whole retention sweep of the otp-service's three collections (its filters, matching none) with reads by
 * `_id` running beside it, the three deletes at once (as before) and one after another (as now), in turn.
 */
async function measureSweepOrder(db: Db): Promise<string[]> {
  const size = Number(env('BENCH_SWEEP_ORDER_SIZE', '100000'));
  const rate = Number(env('BENCH_SWEEP_READS', '50'));
  const { verifications, approvals, destinations } = retentionCollections(db);
  const ids = (await storeEnded(db, size, new Date())).map((record) => record._id);
  const cutoff = sweepCutoff();
  const deletes = [
    () => verifications.deleteMany({ endedAt: { $ne: null, $lt: cutoff } }),
    () => approvals.deleteMany({ at: { $lt: cutoff } }),
    () => destinations.deleteMany({ kind: 'destination', updatedAt: { $lt: cutoff } }),
  ];
  const orders: Record<string, () => Promise<unknown>> = {
    'three at once (before)': () => Promise.all(deletes.map((remove) => remove())),
    'one after another (now)': async () => {
      for (const remove of deletes) await remove();
    },
  };
  const stopQuiet = pacedReads(verifications, ids, rate);
  await sleep(5000);
  const quiet = await stopQuiet();
  const results = await turnsBesideReads(orders, { collection: verifications, ids, rate }, async () => undefined);
  const rows = [
    `| deletes | sweep time | FerretDB CPU | reads p50 | reads p99 | reads max |`,
    '| --- | --- | --- | --- | --- | --- |',
    `| none (5 s of reads alone) | – | – | ${ms(percentile(quiet, 50))} | ${ms(percentile(quiet, 99))} | ${ms(Math.max(...quiet))} |`,
    ...turnRows(results),
  ];
  await Promise.all([verifications.drop(), approvals.drop(), destinations.drop()]);
  return [
    `The retention sweep of ${size} records, fences and destinations (matching none) beside ${rate} reads by \`_id\` a second, medians of three turns:`,
    '',
    ...rows,
  ];
}

/**
 * Records past retention (with their fences, destinations and retired batches) over `size` recent ones, deleted by
 * the backstop's scans and by the sweep of the retired batches in turn, with reads by `_id` beside each.
 */
async function measureRetire(url: string, db: Db): Promise<string[]> {
  const size = Number(env('BENCH_SWEEP_ORDER_SIZE', '100000'));
  const rate = Number(env('BENCH_SWEEP_READS', '50'));
  const batches = Number(env('BENCH_RETIRE_BATCHES', '24'));
  const connection = await mongoose.createConnection(url, { dbName: db.databaseName }).asPromise();
  const repository = new VerificationRepository(
    connection.model(VERIFICATION_MODEL, VerificationSchema) as never,
    connection.model(DESTINATION_MODEL, DestinationSchema) as never,
    connection.model(APPROVAL_MODEL, ApprovalSchema) as never,
  );
  const { verifications, approvals, destinations } = retentionCollections(db);
  const store = (count: number, at: Date) => storeEnded(db, count, at);
  const recent = (await store(size, new Date())).map((record) => record._id);
  const old = new Date(Date.now() - 60 * 86400_000);
  const cutoff = sweepCutoff();
  const partitions = 6;
  /** The due records, and (for the sweep) the retired batches that list them, six partitions' worth. */
  const prepare = async (withBatches: boolean) => {
    const records = await store(batches * RETIRE_BATCH_SIZE, old);
    if (!withBatches) return;
    const retired = new RetiredRecords({ RETENTION_DAYS: 30 } as OtpServiceEnv, repository);
    const perPartition = Math.ceil(batches / partitions);
    for (let p = 0; p < partitions; p++) {
      retired.gained(p, { ...emptyRetirement(), next: perPartition });
      for (let seq = 0; seq < perPartition; seq++) {
        const listed = records.splice(0, RETIRE_BATCH_SIZE);
        const batch = {
          seq,
          closedAt: old,
          ids: listed.map((r) => r._id),
          destinations: listed.map((r) => r.destinationKey),
        };
        await repository.saveDestinationAndList(null, { partition: p, live: [], retirement: emptyRetirement(), batch });
      }
    }
    return retired;
  };
  const methods: Record<string, (retired?: RetiredRecords) => Promise<unknown>> = {
    'backstop: three scans': () => repository.deleteBefore(cutoff, cutoff),
    'retired batches, by `_id`': async (retired) => {
      for (let p = 0; p < partitions; p++) await retired!.sweep(p, cutoff, cutoff);
    },
  };
  const results = await turnsBesideReads(
    methods,
    { collection: verifications, ids: recent, rate },
    (way) => prepare(way.startsWith('retired')),
    async (way) => {
      const left = await verifications.countDocuments({ endedAt: { $lt: cutoff } });
      if (left !== 0) throw new Error(`${way} left ${left} records past retention`);
    },
  );
  const rows = [
    `| deletes | time | FerretDB CPU | reads p50 | reads p99 | reads max |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...turnRows(results),
  ];
  await Promise.all([verifications.drop(), approvals.drop(), destinations.drop()]);
  await connection.close();
  return [
    `${batches * RETIRE_BATCH_SIZE} records past retention (with their fences and destinations) among ${size} recent ones, deleted beside ${rate} reads by \`_id\` a second, medians of three turns:`,
    '',
    ...rows,
  ];
}

async function main(): Promise<void> {
  const url = env('MONGO_URL', 'mongodb://127.0.0.1:27017');
  const sections = process.argv.slice(2).length ? process.argv.slice(2) : ['sizes', 'concurrent', 'records'];
  const client = new MongoClient(url);
  await client.connect();
  const db = client.db(`bench_points_${Date.now().toString(36)}`);
  try {
    const out = [`FerretDB point operations on ${url} (${env('BENCH_LABEL', 'unlabelled')})`, ''];
    if (sections.includes('sizes')) out.push(...(await measureSizes(db)), '');
    if (sections.includes('concurrent')) out.push(...(await measureConcurrent(db)), '');
    if (sections.includes('records')) out.push(...(await measureRecordWrites(db)), '');
    if (sections.includes('sweep')) out.push(...(await measureSweep(db)), '');
    if (sections.includes('sweep-order')) out.push(...(await measureSweepOrder(db)), '');
    if (sections.includes('retire')) out.push(...(await measureRetire(url, db)), '');
    if (sections.includes('indexes')) out.push(...(await measureIndexes(db)), '');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

void main();

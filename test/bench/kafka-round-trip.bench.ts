import { Kafka, logLevel, type Consumer, type ISocketFactory } from 'kafkajs';
import { noDelaySocketFactory } from '../../libs/messaging/src/no-delay-socket.factory';
import { summarize } from './support/stats';

/**
 * The latency of one request–reply round trip over Kafka (a produce, a consumer that answers with a produce, the
 * answer consumed), with kafkajs's sockets as it leaves them (Nagle's algorithm on) and with
 * `noDelaySocketFactory` (TCP_NODELAY), the two in turn; prints a markdown table (it does not touch BENCHMARKS.md):
 *
 *   node -r ts-node/register/transpile-only test/bench/kafka-round-trip.bench.ts
 *
 * Needs the local Kafka (`npm run up` or `deploy/local/infra.sh up`). BENCH_RATE (50) round trips a second,
 * BENCH_SECONDS (20) each, BENCH_ROUNDS (2) of each socket kind; requests start on a fixed schedule.
 */
const rate = Number(process.env.BENCH_RATE ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const brokers = [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'];
const REQUEST = 'bench-rt.request';
const REPLY = 'bench-rt.reply';

const kinds: Record<string, ISocketFactory | undefined> = {
  "kafkajs's sockets (Nagle on)": undefined,
  'noDelaySocketFactory (TCP_NODELAY)': noDelaySocketFactory,
};

function joined(consumer: Consumer): Promise<void> {
  return new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
}

async function roundTrips(label: string, socketFactory: ISocketFactory | undefined, round: number): Promise<number[]> {
  const kafka = new Kafka({ clientId: 'bench-rt', brokers, logLevel: logLevel.NOTHING, socketFactory });
  const tag = `${label.split(' ')[0]}-${round}-${Date.now()}`;
  const echoProducer = kafka.producer();
  const requester = kafka.producer();
  const echo = kafka.consumer({ groupId: `bench-rt-echo-${tag}`, maxWaitTimeInMs: 5000 });
  const replies = kafka.consumer({ groupId: `bench-rt-reply-${tag}`, maxWaitTimeInMs: 5000 });
  await Promise.all([echoProducer.connect(), requester.connect(), echo.connect(), replies.connect()]);
  const started = new Map<string, number>();
  const latencies: number[] = [];
  let expected = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await echo.subscribe({ topic: REQUEST, fromBeginning: false });
  await replies.subscribe({ topic: REPLY, fromBeginning: false });
  const ready = Promise.all([joined(echo), joined(replies)]);
  await echo.run({
    eachMessage: async ({ message }) => {
      await echoProducer.send({ topic: REPLY, acks: -1, messages: [{ key: message.key, value: message.value }] });
    },
  });
  await replies.run({
    eachMessage: async ({ message }) => {
      const id = message.value!.toString();
      const at = started.get(id);
      if (at === undefined) return;
      latencies.push(performance.now() - at);
      started.delete(id);
      if (latencies.length === expected) done();
    },
  });
  await ready;
  await new Promise((resolve) => setTimeout(resolve, 2000)); // both groups fetching from the log's end
  expected = Math.round(rate * seconds);
  const t0 = performance.now();
  for (let i = 0; i < expected; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = `${tag}-${i}`;
    started.set(id, performance.now());
    void requester.send({ topic: REQUEST, acks: -1, messages: [{ key: id, value: id }] });
  }
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  await Promise.all([echo.disconnect(), replies.disconnect(), echoProducer.disconnect(), requester.disconnect()]);
  if (latencies.length < expected) throw new Error(`${label}: ${expected - latencies.length} replies missing`);
  return latencies;
}

async function main(): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-rt-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [REQUEST, REPLY].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
  });
  await admin.disconnect();
  const rows: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [label, factory] of Object.entries(kinds)) {
      const latencies = await roundTrips(label, factory, round);
      const { count, p50, p95, p99, max } = summarize(latencies);
      const cells = [p50, p95, p99, max].map((ms) => ms.toFixed(1)).join(' / ');
      const over = latencies.filter((ms) => ms >= 40).length;
      rows.push(`| ${label} | ${round} | ${count} | ${cells} | ${over} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  }
  process.stdout.write(
    [
      `Round trips at ${rate}/s for ${seconds} s each, ${new Date().toISOString()}:`,
      '',
      '| sockets | round | round trips | p50 / p95 / p99 / max (ms) | at 40 ms or more |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

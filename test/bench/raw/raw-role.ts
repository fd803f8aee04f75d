import { Kafka, logLevel, type Producer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { noDelaySocketFactory } from '../../../libs/messaging/src/no-delay-socket.factory';
import { RawDatabase } from './raw-database';
import { startChannel } from './raw-channel';
import { startEdge } from './raw-edge';
import { startService } from './raw-service';
import type { RawRole } from './raw-plan';
import type { RawRoleConfig } from './raw-wire';

/** What each role gets: bare kafkajs (on TCP_NODELAY sockets, as Tessera's), the bare MongoDB driver, nothing else. */
export interface RawRuntime {
  config: RawRoleConfig;
  kafka: Kafka;
  producer: Producer;
  db: RawDatabase;
  /** Same settings as Tessera's publisher: acks from all replicas, no compression, one message per send. */
  send(topic: string, key: string, value: string, headers?: Record<string, string>, partition?: number): Promise<void>;
}

/**
 * `node -r ts-node/register/transpile-only test/bench/raw/raw-role.ts <edge|service|channel>`, started by the
 * benchmark with BENCH_RAW_CONFIG; says `ready` on its IPC channel and stops on SIGTERM or when that channel closes.
 */
async function main(): Promise<void> {
  const role = process.argv[2] as RawRole;
  const config = JSON.parse(process.env.BENCH_RAW_CONFIG ?? '{}') as RawRoleConfig;
  // the same sockets as Tessera's clients (libs/messaging's createKafka)
  const kafka = new Kafka({
    clientId: `bench-raw-${role}`,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    socketFactory: noDelaySocketFactory,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const mongo = new MongoClient(config.mongoUrl, { retryWrites: false });
  await mongo.connect();
  const runtime: RawRuntime = {
    config,
    kafka,
    producer,
    db: new RawDatabase(mongo.db(config.database).collection(role)),
    send: async (topic, key, value, headers = {}, partition) => {
      await producer.send({ topic, acks: -1, messages: [{ key, value, headers, partition }] });
    },
  };
  const start = { edge: startEdge, service: startService, channel: startChannel }[role];
  if (!start) throw new Error(`unknown role ${role}`);
  const stop = await start(runtime);
  process.send?.('ready');
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await stop();
    await producer.disconnect();
    await mongo.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  // the IPC channel closes when the benchmark that forked this role is gone, however it ended (a killed run
  // left its roles consuming and holding a core)
  process.once('disconnect', () => void shutdown());
}

main().catch((error: Error) => {
  process.stderr.write(`raw role failed: ${error.stack}\n`);
  process.exit(1);
});

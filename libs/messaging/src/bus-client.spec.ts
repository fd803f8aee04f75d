import { MetricsRegistry } from '@tessera/observability';
import { EventEmitter } from 'node:events';
import { Topics, type Envelope } from '@tessera/contracts';
import type { Kafka } from 'kafkajs';
import { BusClient } from './bus-client';
import type { BusPublisher } from './bus-publisher';

function fakeKafka() {
  const events = new EventEmitter();
  const consumer = {
    events: { GROUP_JOIN: 'join' },
    on: (event: string, listener: (e: unknown) => void) => events.on(event, listener),
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async () => {
      setImmediate(() => events.emit('join', { payload: { memberAssignment: { 'otp.request.reply': [0] } } }));
    },
    disconnect: async () => undefined,
  };
  return { consumer: () => consumer } as unknown as Kafka;
}

describe('BusClient', () => {
  it('answers a timeout while the publish still waits for a broker that is away, and the process lives on', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let publishDone!: () => void;
    const publisher = {
      publish: () => new Promise<void>((resolve) => (publishDone = resolve)),
    } as unknown as BusPublisher;
    const client = new BusClient(fakeKafka(), publisher, new MetricsRegistry());
    await client.start({ groupId: 'g', commands: [Topics.otpRequest], timeoutMs: 50 });
    try {
      await expect(client.request(Topics.otpRequest, {} as Envelope)).rejects.toMatchObject({
        code: 'upstream.timeout',
      });
      publishDone();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await client.onApplicationShutdown();
    }
  });

  it('answers a broker that cannot be reached as an outage to retry (upstream.timeout, 503), not an internal error', async () => {
    const publisher = {
      publish: async () => {
        throw Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), {
          name: 'KafkaJSNonRetriableError',
        });
      },
    } as unknown as BusPublisher;
    const client = new BusClient(fakeKafka(), publisher, new MetricsRegistry());
    await client.start({ groupId: 'g', commands: [Topics.otpRequest], timeoutMs: 10_000 });
    try {
      await expect(client.request(Topics.otpRequest, {} as Envelope)).rejects.toMatchObject({
        code: 'upstream.timeout',
        retryAfterSeconds: 1,
      });
    } finally {
      await client.onApplicationShutdown();
    }
  });
});

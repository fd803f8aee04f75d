import { EventEmitter } from 'node:events';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry } from '@tessera/observability';
import type { Consumer, Kafka } from 'kafkajs';
import { ConsumerGroupHealth } from './consumer-group.health';
import { KAFKA_PROBE_CACHE_MS, KAFKA_PROBE_TIMEOUT_MS, KafkaReadinessProbe } from './kafka-readiness.probe';

function fakeKafka(describeCluster: () => Promise<{ brokers: unknown[] }>) {
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    describeCluster: jest.fn(describeCluster),
  };
  const kafka = { admin: jest.fn(() => admin) } as unknown as Kafka;
  return { kafka, admin };
}

function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = {
    events: { GROUP_JOIN: 'join', CRASH: 'crash', STOP: 'stop', DISCONNECT: 'disconnect' },
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
  } as unknown as Consumer;
  return { consumer, emit: (event: string, payload: unknown = {}) => emitter.emit(event, { payload }) };
}

const statusOf = (result: Record<string, { status: string }>) => result.kafka.status;

describe('KafkaReadinessProbe', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function probe(kafka: Kafka, group = new ConsumerGroupHealth()) {
    return new KafkaReadinessProbe(kafka, new HealthIndicatorService(), group, new ReadinessRegistry());
  }

  it('keeps one admin connection for every probe and asks the broker at most once a second', async () => {
    const { kafka, admin } = fakeKafka(async () => ({ brokers: [{}] }));
    const readiness = probe(kafka);
    for (let i = 0; i < 20; i++) expect(statusOf(await readiness.check())).toBe('up');
    jest.advanceTimersByTime(KAFKA_PROBE_CACHE_MS);
    expect(statusOf(await readiness.check())).toBe('up');
    expect(kafka.admin).toHaveBeenCalledTimes(1);
    expect(admin.describeCluster).toHaveBeenCalledTimes(2);
  });

  it('says down when the broker does not answer within the timeout, and up again once it does', async () => {
    let answer: () => void = () => undefined;
    const { kafka, admin } = fakeKafka(() => new Promise((resolve) => (answer = () => resolve({ brokers: [{}] }))));
    const readiness = probe(kafka);
    const first = readiness.check();
    await jest.advanceTimersByTimeAsync(KAFKA_PROBE_TIMEOUT_MS);
    expect(statusOf(await first)).toBe('down');
    // a probe while the first request still hangs joins it instead of sending another
    const second = readiness.check();
    answer();
    expect(statusOf(await second)).toBe('up');
    expect(admin.describeCluster).toHaveBeenCalledTimes(1);
  });

  it('says down while the broker refuses, and up again on the next probe after it is back', async () => {
    let up = false;
    const { kafka } = fakeKafka(async () => {
      if (!up) throw new Error('Connection refused');
      return { brokers: [{}] };
    });
    const readiness = probe(kafka);
    expect(statusOf(await readiness.check())).toBe('down');
    up = true;
    jest.advanceTimersByTime(KAFKA_PROBE_CACHE_MS);
    expect(statusOf(await readiness.check())).toBe('up');
  });

  it('says down until the consumer group member has joined, and again when it crashes or stops', async () => {
    const { kafka } = fakeKafka(async () => ({ brokers: [{}] }));
    const group = new ConsumerGroupHealth();
    const { consumer, emit } = fakeConsumer();
    group.watch(consumer);
    const readiness = probe(kafka, group);
    expect(statusOf(await readiness.check())).toBe('down');
    emit('join');
    expect(statusOf(await readiness.check())).toBe('up');
    emit('crash', { error: new Error('The group is rebalancing'), restart: true });
    expect(await readiness.check()).toEqual({
      kafka: { status: 'down', message: 'consumer group member crashed: The group is rebalancing (restarting)' },
    });
    emit('join');
    expect(statusOf(await readiness.check())).toBe('up');
    emit('stop');
    expect(statusOf(await readiness.check())).toBe('down');
  });
});

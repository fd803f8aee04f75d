import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

/**
 * Kafka 4 removed many old protocol versions. This drives every kind of request Tessera makes with the
 * kafkajs in use (admin, idempotent produce, group consume and commit) and fails on any UNSUPPORTED_VERSION.
 */
describe('kafkajs against the real Kafka broker', () => {
  const problems: string[] = [];
  const logCreator = () => (entry: LogEntry) => {
    const text = JSON.stringify(entry.log);
    if (/UNSUPPORTED_VERSION|unsupported version|not supported/i.test(text)) problems.push(text);
  };
  const kafka = new Kafka({
    clientId: 'compat-test',
    brokers: ['127.0.0.1:9092'],
    logLevel: logLevel.DEBUG,
    logCreator,
  });
  const topic = `compat-${randomUUID()}`;

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('produces, consumes, commits and administers without UNSUPPORTED_VERSION', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThan(0);
    expect(
      await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true }),
    ).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: `v${i}`, headers: { h: 'x' } })),
    });
    expect(sent.every((r) => r.errorCode === 0)).toBe(true);

    const groupId = `compat-group-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value!.toString());
          if (received.length === 10) resolve();
        },
      });
    });
    await done;
    await consumer.commitOffsets([{ topic, partition: 0, offset: '0' }]).catch(() => undefined);
    await consumer.disconnect();
    expect(received.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`).sort());

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets[0].partitions).toHaveLength(3);
    const groups = await admin.describeGroups([groupId]);
    expect(groups.groups[0].groupId).toBe(groupId);
    await admin.fetchTopicOffsets(topic);
    await producer.disconnect();
    await admin.disconnect();

    expect(problems).toEqual([]);
  });
});

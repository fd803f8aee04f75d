import { Kafka } from 'kafkajs';
import { allTopicSpecs, type TopicSpec } from '@tessera/contracts';

/** Creates every topic the contracts name (idempotent); returns the names it created. */
export async function provisionTopics(
  kafka: Kafka,
  replicationFactor = 1,
  specs: TopicSpec[] = allTopicSpecs(),
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({ topic: s.name, numPartitions: s.partitions, replicationFactor })),
      });
    }
    return missing.map((s) => s.name);
  } finally {
    await admin.disconnect();
  }
}

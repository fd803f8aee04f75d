import { loadConfigOrExit, KafkaEnv } from '@tessera/config';
import { z } from 'zod';
import { createKafka } from '../kafka-factory';
import { provisionTopics } from '../topic-provisioner';

/** `node dist/libs/messaging/src/cli/provision-topics.js`: creates every Tessera topic that is missing. */
async function main(): Promise<void> {
  const env = loadConfigOrExit(
    'provision-topics',
    z.object({ ...KafkaEnv, KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1) }),
  );
  const created = await provisionTopics(
    createKafka({ clientId: 'tessera-provisioner', brokers: env.KAFKA_BROKERS }),
    env.KAFKA_REPLICATION_FACTOR,
  );
  process.stdout.write(
    `topics: ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}, the rest already existed\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`provision-topics failed: ${error.message}\n`);
  process.exit(1);
});

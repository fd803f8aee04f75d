import { createServer, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { RawRuntime } from './raw-role';
import { FILLER, RAW_TOPICS, rawGroup } from './raw-wire';

interface Pending {
  resolve: (value: any) => void;
  timer: NodeJS.Timeout;
}

const body = (req: IncomingMessage): Promise<any> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (error) {
        reject(error);
      }
    });
    req.on('error', reject);
  });

/** The gateway's part: HTTP in, a command on the bus, its reply back (request-reply by correlation id). */
export async function startEdge(rt: RawRuntime): Promise<() => Promise<void>> {
  const { config } = rt;
  const pending = new Map<string, Pending>();
  const replyPartition = new Map<string, number>();
  const consumer = rt.kafka.consumer({ groupId: rawGroup(config.runId, 'edge'), allowAutoTopicCreation: false });
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        replyPartition.set(topic, Math.min(...partitions));
      }
      resolve();
    }),
  );
  await consumer.connect();
  await consumer.subscribe({
    topics: [RAW_TOPICS.requestReply.name, RAW_TOPICS.verifyReply.name],
    fromBeginning: false,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const correlation = message.headers?.correlationId?.toString();
      const waiting = correlation ? pending.get(correlation) : undefined;
      if (!waiting) return;
      pending.delete(correlation!);
      clearTimeout(waiting.timer);
      waiting.resolve(JSON.parse(message.value!.toString()));
    },
  });
  await joined;

  const request = async (topic: string, replyTopic: string, id: string, payload: object): Promise<any> => {
    const correlationId = randomUUID();
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(correlationId);
        reject(new Error('no reply'));
      }, 10_000);
      pending.set(correlationId, { resolve, timer });
    });
    await rt.send(topic, id, JSON.stringify({ verificationId: id, payload, meta: FILLER }), {
      correlationId,
      replyTopic,
      replyPartition: String(replyPartition.get(replyTopic) ?? 0),
    });
    return reply;
  };

  const server = createServer((req, res) => {
    const answer = (status: number, value: object): void => {
      const text = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    void (async () => {
      const input = await body(req);
      const check = /^\/v1\/verifications\/([^/]+)\/check$/.exec(req.url ?? '');
      if (req.method === 'POST' && req.url === '/v1/verifications') {
        const id = randomUUID();
        await rt.db.hop(id, config.plan.commands.edge[0] ?? [], true);
        await request(RAW_TOPICS.request.name, RAW_TOPICS.requestReply.name, id, { to: input.to });
        answer(201, { id, status: 'pending' });
      } else if (req.method === 'POST' && check) {
        const id = decodeURIComponent(check[1]);
        await rt.db.hop(id, config.plan.commands.edge[1] ?? [], false);
        const reply = await request(RAW_TOPICS.verify.name, RAW_TOPICS.verifyReply.name, id, { code: input.code });
        answer(200, { id, status: reply.status });
      } else {
        answer(404, { error: 'not_found' });
      }
    })().catch((error: Error) => answer(500, { error: error.message }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(config.edgePort, '127.0.0.1', resolve));
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await consumer.disconnect();
  };
}

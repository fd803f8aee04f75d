import { Agent, createServer, request } from 'node:http';
import type { RawRuntime } from './raw-role';
import { FILLER, RAW_TOPICS, rawCode, rawGroup } from './raw-wire';

/** channel-sms's part: the requested event in, the provider call (the sandbox's Twilio API), receipts out. */
export async function startChannel(rt: RawRuntime): Promise<() => Promise<void>> {
  const { config } = rt;
  const [onRequested, onSentCallback, onDeliveredCallback] = config.plan.commands.channel;
  const sandbox = new URL(config.sandboxUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const auth = `Basic ${Buffer.from(`${config.twilio.accountSid}:${config.twilio.authToken}`).toString('base64')}`;
  const delivered = (id: string, status: string): Promise<void> =>
    rt.send(RAW_TOPICS.delivered.name, id, JSON.stringify({ verificationId: id, payload: { status }, meta: FILLER }));

  const sendSms = (id: string, to: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const form = new URLSearchParams({
        To: to,
        From: config.twilio.from,
        Body: `Your code is ${rawCode(config, id)}`,
        StatusCallback: `http://127.0.0.1:${config.channelPort}/status?id=${encodeURIComponent(id)}`,
      }).toString();
      const req = request(
        {
          host: sandbox.hostname,
          port: sandbox.port,
          method: 'POST',
          path: `/twilio/2010-04-01/Accounts/${config.twilio.accountSid}/Messages.json`,
          agent,
          headers: {
            authorization: auth,
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(form),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`twilio ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(form);
    });

  const consumer = rt.kafka.consumer({ groupId: rawGroup(config.runId, 'channel'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [RAW_TOPICS.requested.name], fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const envelope = JSON.parse(message.value!.toString());
      const id: string = envelope.verificationId;
      await rt.db.hop(id, onRequested ?? [], true);
      await sendSms(id, envelope.payload.to);
      await delivered(id, 'sent');
    },
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
        const status = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('MessageStatus');
        if (status === 'delivered') {
          await rt.db.hop(id, onDeliveredCallback ?? [], false);
          await delivered(id, 'delivered');
        } else {
          await rt.db.hop(id, onSentCallback ?? [], false);
          if (config.plan.delivered >= 3) await delivered(id, 'sent');
        }
        res.writeHead(200).end();
      })().catch(() => res.writeHead(500).end());
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(config.channelPort, '127.0.0.1', resolve));
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await consumer.disconnect();
    agent.destroy();
  };
}

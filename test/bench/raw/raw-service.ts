import type { RawRuntime } from './raw-role';
import { FILLER, RAW_TOPICS, rawCode, rawGroup } from './raw-wire';

/** The otp-service's part: commands in, their replies and the requested event out, receipts recorded. */
export async function startService(rt: RawRuntime): Promise<() => Promise<void>> {
  const { config } = rt;
  const hops = config.plan.commands.service;
  const verifyHop = hops.length - 1;
  const extra = config.plan.extraMessages;
  /** OtpDelivered seen per flow, so each gets its own hop's commands (bounded: oldest flows forgotten). */
  const receipts = new Map<string, number>();
  const consumer = rt.kafka.consumer({ groupId: rawGroup(config.runId, 'service'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({
    topics: [RAW_TOPICS.request.name, RAW_TOPICS.verify.name, RAW_TOPICS.delivered.name],
    fromBeginning: false,
  });
  const events = async (id: string, hop: number): Promise<void> => {
    for (let i = 0; i < (extra[hop] ?? 0); i++) {
      await rt.send(RAW_TOPICS.events.name, id, JSON.stringify({ verificationId: id, hop, meta: FILLER }));
    }
  };
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ topic, message }) => {
      const envelope = JSON.parse(message.value!.toString());
      const id: string = envelope.verificationId;
      const reply = async (value: object): Promise<void> => {
        const h = message.headers ?? {};
        await rt.send(
          h.replyTopic!.toString(),
          h.correlationId!.toString(),
          JSON.stringify(value),
          { correlationId: h.correlationId!.toString() },
          Number(h.replyPartition?.toString() ?? 0),
        );
      };
      if (topic === RAW_TOPICS.request.name) {
        await rt.db.hop(id, hops[0] ?? [], true);
        await rt.send(
          RAW_TOPICS.requested.name,
          id,
          JSON.stringify({ verificationId: id, payload: { to: envelope.payload.to }, meta: FILLER }),
        );
        await events(id, 0);
        await reply({ ok: true, result: { id, status: 'pending' } });
      } else if (topic === RAW_TOPICS.delivered.name) {
        const hop = Math.min((receipts.get(id) ?? 0) + 1, verifyHop - 1);
        receipts.set(id, hop);
        if (receipts.size > 50_000) receipts.delete(receipts.keys().next().value!);
        await rt.db.hop(id, hops[hop] ?? [], false);
        await events(id, hop);
      } else {
        await rt.db.hop(id, hops[verifyHop] ?? [], false);
        const approved = envelope.payload.code === rawCode(config, id);
        await events(id, verifyHop);
        await reply({ ok: true, status: approved ? 'approved' : 'rejected' });
      }
    },
  });
  return () => consumer.disconnect();
}

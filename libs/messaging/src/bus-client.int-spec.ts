import { randomUUID } from 'node:crypto';
import { AssignerProtocol } from 'kafkajs';
import { MessageHeaders, Topics, replyTopicFor, type Envelope } from '@tessera/contracts';
import { MetricsRegistry } from '@tessera/observability';
import { TopicRecorder, testKafka } from '@tessera/testing';
import { BusClient } from './bus-client';
import { BusPublisher } from './bus-publisher';

/** Two replicas of a request-reply client in one group, as two gateways, on the real broker and reply topics. */
describe('BusClient replicas on the real broker', () => {
  const kafka = testKafka('bus-client-int');
  const groupId = `bus-client-int-${randomUUID()}`;
  const commands = [Topics.otpGet, Topics.otpCancel] as const;
  const publishers = [new BusPublisher(kafka, new MetricsRegistry()), new BusPublisher(kafka, new MetricsRegistry())];
  const clients = publishers.map((p) => new BusClient(kafka, p, new MetricsRegistry()));
  const recorder = new TopicRecorder(kafka);

  beforeAll(async () => {
    await Promise.all(publishers.map((p) => p.onModuleInit()));
    await recorder.start([Topics.otpGet]);
    await clients[0].start({ groupId, commands, timeoutMs: 20_000 });
    await clients[1].start({ groupId, commands, timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.onApplicationShutdown()));
    await Promise.all(publishers.map((p) => p.onApplicationShutdown()));
    await recorder.stop();
  });

  it('holds one partition of each reply topic per replica, a different one each, and gets its replies there', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0].protocol).toBe('TesseraOneReplyPartition');
      const assignments = groups[0].members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)!);
      expect(assignments).toHaveLength(2);
      const partitionsOf = (topic: string) => assignments.map((a) => a.assignment[topic]);
      for (const command of commands) {
        const held = partitionsOf(replyTopicFor(command));
        expect(held.every((p) => p?.length === 1)).toBe(true);
        expect(new Set(held.map((p) => p[0])).size).toBe(2);
      }
    } finally {
      await admin.disconnect();
    }

    const tenantId = `t_${randomUUID().slice(0, 8)}`;
    const answers = clients.map((client, i) =>
      client.request(Topics.otpGet, { tenantId, payload: { replica: i } } as unknown as Envelope),
    );
    const named: number[] = [];
    for (const i of [0, 1]) {
      const command = await recorder.waitFor((m) => m.value.includes(tenantId) && m.value.includes(`"replica":${i}`));
      named.push(Number(command.headers[MessageHeaders.replyPartition]));
      await publishers[0].publishRaw(
        command.headers[MessageHeaders.replyTopic],
        null,
        JSON.stringify({ ok: true, result: { replica: i } }),
        { [MessageHeaders.correlationId]: command.headers[MessageHeaders.correlationId] },
        named[i],
      );
    }
    expect(new Set(named).size).toBe(2);
    expect(await answers[0]).toEqual({ ok: true, result: { replica: 0 } });
    expect(await answers[1]).toEqual({ ok: true, result: { replica: 1 } });
  }, 60_000);
});

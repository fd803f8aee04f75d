import { Kafka, type EachMessagePayload } from 'kafkajs';
import { CancelVerificationV1, MessageHeaders, Topics, createEnvelope, type Envelope } from '@tessera/contracts';
import { MetricsRegistry } from '@tessera/observability';
import type { BusPublisher } from './bus-publisher';
import { BusServer, MissingHandlerError } from './bus-server';
import type { PartitionOwner } from './partition-owner';

function serverFor(topics: string[], handled: string[]) {
  const kafka = {
    consumer: jest.fn(() => {
      throw new Error('must not connect when wiring is wrong');
    }),
  } as unknown as Kafka;
  const server = new BusServer({
    kafka,
    groupId: 'g',
    topics,
    publisher: {} as BusPublisher,
    metrics: new MetricsRegistry(),
  });
  for (const pattern of handled) server.addHandler(pattern, async () => undefined, pattern !== Topics.otpRequest);
  return { server, kafka };
}

describe('BusServer wiring check at boot', () => {
  it('fails fast when a consumed topic has no handler (Nest would drop its messages silently)', async () => {
    const { server, kafka } = serverFor([Topics.otpRequest, Topics.otpDelivered], [Topics.otpRequest]);
    const error = await new Promise<unknown>((resolve) => void server.listen(resolve));
    expect(error).toBeInstanceOf(MissingHandlerError);
    expect((error as Error).message).toContain('"otp.delivered" has no handler');
    expect(kafka.consumer).not.toHaveBeenCalled();
  });

  it('fails fast on a handler for a topic the app does not declare, and on topics outside the contracts', async () => {
    const { server } = serverFor(['not.a.topic'], [Topics.otpVerify]);
    const error = (await new Promise<unknown>((resolve) => void server.listen(resolve))) as Error;
    expect(error.message).toContain('"not.a.topic" is not in libs/contracts');
    expect(error.message).toContain('handler for "otp.verify" is not in this app');
  });
});

describe('BusServer and the reply deadline of a command', () => {
  const tenantId = 'acme';
  const verificationId = 'vf_0123456789abcdef0123456789abcdef';

  function started(owner?: PartitionOwner) {
    let eachMessage!: (payload: EachMessagePayload) => Promise<void>;
    const consumer = {
      events: {},
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (options: { eachMessage: typeof eachMessage }) => {
        eachMessage = options.eachMessage;
      },
    };
    const kafka = {
      consumer: () => consumer,
      admin: () => ({
        connect: async () => undefined,
        disconnect: async () => undefined,
        fetchTopicMetadata: async () => ({ topics: [{ name: Topics.otpCancel, partitions: [{}] }] }),
      }),
    } as unknown as Kafka;
    const replies: { topic: string; value: string }[] = [];
    const publisher = {
      publishRaw: async (topic: string, _key: string | null, value: string) => void replies.push({ topic, value }),
    } as unknown as BusPublisher;
    const metrics = new MetricsRegistry();
    const server = new BusServer({ kafka, groupId: 'g', topics: [Topics.otpCancel], publisher, metrics, owner });
    const handled: string[] = [];
    server.addHandler(
      Topics.otpCancel,
      async (envelope: Envelope) => {
        handled.push(envelope.eventId);
        return { canceled: true };
      },
      false,
    );
    const listening = new Promise<unknown>((resolve) => void server.listen(resolve));
    const deliver = (deadline: number, offset = '0') => {
      const envelope = createEnvelope(CancelVerificationV1, { tenantId, verificationId, payload: { verificationId } });
      const message = {
        key: null,
        value: Buffer.from(JSON.stringify(envelope)),
        offset,
        timestamp: String(Date.now()),
        headers: {
          [MessageHeaders.correlationId]: `c-${offset}`,
          [MessageHeaders.replyTopic]: 'otp.cancel.reply',
          [MessageHeaders.replyPartition]: '0',
          [MessageHeaders.replyDeadline]: String(deadline),
        },
      };
      return eachMessage({
        topic: Topics.otpCancel,
        partition: 0,
        message,
        heartbeat: async () => undefined,
      } as unknown as EachMessagePayload).then(() => envelope.eventId);
    };
    const expired = async () =>
      (await metrics.registry.getSingleMetric('tessera_bus_messages_consumed_total')!.get()).values
        .filter((v) => v.labels.outcome === 'expired')
        .reduce((sum, v) => sum + v.value, 0);
    return { listening, deliver, handled, replies, expired };
  }

  it('handles and answers a command whose sender still waits', async () => {
    const bus = started();
    expect(await bus.listening).toBeUndefined();
    const eventId = await bus.deliver(Date.now() + 10_000);
    expect(bus.handled).toEqual([eventId]);
    expect(bus.replies).toEqual([
      { topic: 'otp.cancel.reply', value: JSON.stringify({ ok: true, result: { canceled: true } }) },
    ]);
    expect(await bus.expired()).toBe(0);
  });

  it('drops, unhandled and unanswered, a command whose sender stopped waiting', async () => {
    const bus = started();
    await bus.listening;
    await bus.deliver(Date.now() - 1);
    expect(bus.handled).toEqual([]);
    expect(bus.replies).toEqual([]);
    expect(await bus.expired()).toBe(1);
  });

  it("checks the deadline when the command's turn comes, not when it arrived (a busy partition lane)", async () => {
    let releaseLane!: () => void;
    const laneBusy = new Promise<void>((resolve) => (releaseLane = resolve));
    let lane: Promise<unknown> = laneBusy;
    const owner: PartitionOwner = {
      assigned: () => undefined,
      routingKeyOf: () => null,
      serialize: <T>(_partition: number, work: () => Promise<T>) => {
        const next = lane.then(work);
        lane = next.catch(() => undefined);
        return next;
      },
    };
    const bus = started(owner);
    await bus.listening;
    const late = bus.deliver(Date.now() + 50, '1');
    const inTime = bus.deliver(Date.now() + 10_000, '2');
    await new Promise((resolve) => setTimeout(resolve, 80));
    releaseLane();
    await late;
    const handledId = await inTime;
    expect(bus.handled).toEqual([handledId]);
    expect(bus.replies).toHaveLength(1);
    expect(await bus.expired()).toBe(1);
  });
});

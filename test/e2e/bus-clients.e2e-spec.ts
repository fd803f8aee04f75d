/**
 * A product service on the bus, written with plain kafkajs and node:crypto only: no Tessera code. It follows
 * the contract the README documents (topics, envelope, signature, reply headers, routing key). The test itself
 * watches the topics with the test harness.
 */
import { createCipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { TopicPartitions, routingKeyOf } from '@tessera/contracts';
import { partitionOfKey } from '@tessera/messaging';
import { TopicRecorder } from '@tessera/testing';
import { createTenant, openSealedCode, phoneNumber, type TestTenant } from '../support/api';
import { loadState } from '../support/system';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as any)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sign(envelope: Record<string, unknown>, secretBase64url: string): string {
  const { eventId, type, version, occurredAt, tenantId, verificationId, payload } = envelope;
  const signed = canonical({ eventId, type, version, occurredAt, tenantId, verificationId, payload });
  return `v1=${createHmac('sha256', Buffer.from(secretBase64url, 'base64url')).update(signed).digest('base64url')}`;
}

/** The typed code travels sealed: AES-256-GCM under HKDF-SHA256(bus secret, salt "tessera", info "tessera/check-code-seal/v1"). */
function sealCode(code: string, secretBase64url: string, tenantId: string) {
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(secretBase64url, 'base64url'), 'tessera', 'tessera/check-code-seal/v1', 32),
  );
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(tenantId));
  const ct = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return {
    kid: 'signer',
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function command(
  type: string,
  tenantId: string,
  payload: unknown,
  verificationId: string | null = null,
): Record<string, any> {
  // UUIDv7: 48-bit millisecond time, version 7, variant 10, random rest
  const hex = Date.now().toString(16).padStart(12, '0') + randomUUID().replace(/-/g, '').slice(12);
  const eventId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return {
    eventId,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    verificationId,
    traceparent: null,
    payload,
  };
}

describe('product services on the bus (plain kafkajs)', () => {
  const state = loadState();
  const kafka = new Kafka({ clientId: 'product-service', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  let producer: Producer;
  let consumer: Consumer;
  const replyPartitions: Record<string, number> = {};
  const replies = new Map<string, any>();
  const events: any[] = [];
  let tenant: TestTenant;
  let victim: TestTenant;

  beforeAll(async () => {
    tenant = await createTenant(state, { defaultPlan: ['sms'] });
    victim = await createTenant(state, { defaultPlan: ['sms'] });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: `product-service-${randomUUID()}` });
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        for (const [topic, partitions] of Object.entries(payload.memberAssignment))
          replyPartitions[topic] = partitions[0];
        resolve();
      }),
    );
    await consumer.connect();
    await consumer.subscribe({
      topics: ['otp.request.reply', 'otp.verify.reply', 'otp.requested.sms'],
      fromBeginning: false,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic.endsWith('.reply')) {
          replies.set(message.headers!['tessera-correlation-id']!.toString(), JSON.parse(message.value!.toString()));
        } else {
          events.push(JSON.parse(message.value!.toString()));
        }
      },
    });
    await joined;
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
  });

  /** Any key will do for a new request (it is re-routed); a command by id is keyed with the id's routing key. */
  async function request(envelope: Record<string, unknown>, topic = 'otp.request', key?: string): Promise<any> {
    const correlationId = randomUUID();
    await producer.send({
      topic,
      messages: [
        {
          key: key ?? String(envelope.tenantId),
          value: JSON.stringify(envelope),
          headers: {
            'tessera-correlation-id': correlationId,
            'tessera-reply-topic': `${topic}.reply`,
            'tessera-reply-partition': String(replyPartitions[`${topic}.reply`]),
          },
        },
      ],
    });
    const deadline = Date.now() + 20000;
    while (!replies.has(correlationId)) {
      if (Date.now() > deadline) throw new Error('no reply');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return replies.get(correlationId);
  }

  it('requests a verification with a command signed by the tenant bus secret and sees OtpRequested', async () => {
    const envelope = command('RequestVerification', tenant.id, { to: phoneNumber() });
    envelope.signature = sign(envelope, tenant.busSecret);
    const reply = await request(envelope);
    expect(reply).toMatchObject({ ok: true, result: { status: 'pending', channel: 'sms' } });
    const id = reply.result.id;
    const deadline = Date.now() + 20000;
    while (!events.some((e) => e.verificationId === id)) {
      if (Date.now() > deadline) throw new Error('no OtpRequested');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const requested = events.find((e) => e.verificationId === id);
    expect(requested).toMatchObject({ type: 'OtpRequested', tenantId: tenant.id });

    // the person types the code; the product service checks it on the bus, sealed under its bus secret
    const typed = openSealedCode(requested);
    const check = command(
      'CheckVerification',
      tenant.id,
      { verificationId: id, sealedCode: sealCode(typed, tenant.busSecret, tenant.id) },
      id,
    );
    check.signature = sign(check, tenant.busSecret);
    const verdict = await request(check, 'otp.verify', id.slice(3, 19));
    expect(verdict).toMatchObject({ ok: true, result: { id, status: 'approved', valid: true } });
  });

  it('re-routes a command keyed for another partition to the partition of its routing key, once', async () => {
    const recorder = await new TopicRecorder().start(['otp.verify']);
    try {
      const to = phoneNumber();
      const envelope = command('RequestVerification', tenant.id, { to });
      envelope.signature = sign(envelope, tenant.busSecret);
      const id = (await request(envelope)).result.id as string;
      const ownerPartition = partitionOfKey('otp.verify', routingKeyOf(id)!, TopicPartitions.command);
      let wrongKey = randomUUID();
      while (partitionOfKey('otp.verify', wrongKey, TopicPartitions.command) === ownerPartition)
        wrongKey = randomUUID();

      // a check by destination: the client cannot compute the routing key, so it keys the command otherwise
      const byDestination = command('CheckVerification', tenant.id, {
        to,
        sealedCode: sealCode('123456', tenant.busSecret, tenant.id),
      });
      byDestination.signature = sign(byDestination, tenant.busSecret);
      const answer = await request(byDestination, 'otp.verify', wrongKey);
      expect(answer).toMatchObject({ ok: true, result: { id, valid: false } });
      const copyOf = (eventId: string) => (m: { json: () => any }) => m.json().eventId === eventId;
      const rerouted = await recorder.waitFor((m) => copyOf(byDestination.eventId)(m) && m.key === routingKeyOf(id));
      const original = await recorder.waitFor((m) => copyOf(byDestination.eventId)(m) && m.key === wrongKey);
      expect(original.partition).not.toBe(ownerPartition);
      expect(rerouted.partition).toBe(ownerPartition);
      expect(rerouted.headers['tessera-correlation-id']).toBe(original.headers['tessera-correlation-id']);

      // keyed as documented, a command lands on the owner's partition, where nothing re-routes it
      const byId = command('CheckVerification', tenant.id, {
        verificationId: id,
        sealedCode: sealCode('123456', tenant.busSecret, tenant.id),
      });
      byId.signature = sign(byId, tenant.busSecret);
      expect(await request(byId, 'otp.verify', id.slice(3, 19))).toMatchObject({ ok: true, result: { valid: false } });
      expect((await recorder.waitFor(copyOf(byId.eventId))).partition).toBe(ownerPartition);
    } finally {
      await recorder.stop();
    }
  });

  it("refuses a command that names another tenant but is signed with this tenant's secret", async () => {
    const forged = command('RequestVerification', victim.id, { to: phoneNumber() });
    forged.signature = sign(forged, tenant.busSecret);
    const reply = await request(forged);
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'bus.signature_invalid' }) });
  });

  it('refuses an unsigned command and a command whose payload was changed after signing', async () => {
    const unsigned = command('RequestVerification', tenant.id, { to: phoneNumber() });
    expect((await request(unsigned)).error.code).toBe('bus.signature_invalid');
    const tampered = command('RequestVerification', tenant.id, { to: phoneNumber() });
    tampered.signature = sign(tampered, tenant.busSecret);
    (tampered.payload as { to: string }).to = phoneNumber();
    expect((await request(tampered)).error.code).toBe('bus.signature_invalid');
  });

  it('answers an invalid command with request.invalid instead of guessing', async () => {
    const invalid = command('RequestVerification', tenant.id, { to: phoneNumber(), codeLength: 99 });
    invalid.signature = sign(invalid, tenant.busSecret);
    const reply = await request(invalid);
    expect(reply).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
  });
});

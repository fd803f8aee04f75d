/**
 * An attacker who can write to (and read) Tessera's topics: poison and forged messages on every topic a Tessera
 * app consumes. Each is dead-lettered (or, for a command that asks for a reply, refused in its reply), changes
 * nothing, and the consumer of the partition it landed on answers the good message that follows it. What
 * resilience.e2e-spec.ts (bad JSON and an unknown type on otp.request) and bus-clients.e2e-spec.ts (another
 * tenant's signature, an unsigned or altered command, re-routing) prove is not repeated here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  CheckVerificationV1,
  ConfigureTenantV1,
  MessageHeaders,
  RequestVerificationV1,
  TopicPartitions,
  Topics,
  createEnvelope,
  dlqTopicFor,
  routingKeyOf,
  type Envelope,
  type MessageDefinition,
} from '@tessera/contracts';
import { sealWithSecret, signEnvelope } from '@tessera/crypto';
import { TopicRecorder, testKafka, type ReceivedMessage } from '@tessera/testing';
import type { z } from 'zod';
import { createTenant, http, phoneNumber, type TestTenant } from '../support/api';
import { loadState } from '../support/system';

/** Every topic a Tessera app consumes (the otp-service's seven, one per channel service). */
const CONSUMED = [
  Topics.otpRequest,
  Topics.otpVerify,
  Topics.otpResend,
  Topics.otpCancel,
  Topics.otpGet,
  Topics.tenantConfigure,
  Topics.otpDelivered,
  Topics.otpRequestedWhatsapp,
  Topics.otpRequestedSms,
  Topics.otpRequestedEmail,
] as const;

/** A message type each topic accepts, to send in a version no consumer knows. */
const TYPE_OF: Record<(typeof CONSUMED)[number], string> = {
  [Topics.otpRequest]: 'RequestVerification',
  [Topics.otpVerify]: 'CheckVerification',
  [Topics.otpResend]: 'ResendVerification',
  [Topics.otpCancel]: 'CancelVerification',
  [Topics.otpGet]: 'GetVerification',
  [Topics.tenantConfigure]: 'ConfigureTenant',
  [Topics.otpDelivered]: 'OtpDelivered',
  [Topics.otpRequestedWhatsapp]: 'OtpRequested',
  [Topics.otpRequestedSms]: 'OtpRequested',
  [Topics.otpRequestedEmail]: 'OtpRequested',
};

/** The message's envelope, or null for the poison that is not JSON (the recorder keeps those too). */
function envelopeOf(m: ReceivedMessage): Record<string, any> | null {
  try {
    return JSON.parse(m.value) as Record<string, any>;
  } catch {
    return null;
  }
}

describe('attack on the bus: poison, forged and replayed messages', () => {
  const state = loadState();
  const gatewaySecret = Buffer.from(state.secrets.GATEWAY_BUS_SECRET, 'base64');
  let recorder: TopicRecorder;
  let producer: Producer;
  let tenant: TestTenant;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([
      ...CONSUMED.map(dlqTopicFor),
      Topics.tenantConfigure,
      Topics.otpRequestedSms,
      Topics.otpDelivered,
      'otp.request.reply',
      'otp.verify.reply',
    ]);
    producer = testKafka('attacker').producer();
    await producer.connect();
    tenant = await createTenant(state, { defaultPlan: ['sms'], maxChecks: 4, codeLength: 8 });
  });
  afterAll(async () => {
    await producer.disconnect();
    await recorder.stop();
  });

  function signed<S extends z.ZodType>(
    definition: MessageDefinition<S>,
    tenantId: string,
    payload: z.infer<S>,
    secret: Buffer,
    verificationId: string | null = null,
    occurredAt?: Date,
  ): Envelope<z.infer<S>> {
    const envelope = createEnvelope(definition, { tenantId, verificationId, payload, occurredAt });
    envelope.signature = signEnvelope(envelope, secret);
    return envelope;
  }

  async function produce(topic: string, key: string, value: string, replyTopic?: string, partition?: number) {
    const correlationId = randomUUID();
    const headers: Record<string, string> = replyTopic
      ? { [MessageHeaders.correlationId]: correlationId, [MessageHeaders.replyTopic]: replyTopic }
      : {};
    await producer.send({ topic, messages: [{ key, value, headers, partition }] });
    return correlationId;
  }

  /** The dead letter of a message: by its key (a message that is not an envelope), or by its eventId. */
  const deadLettered = (topic: string, keyOrEventId: string) =>
    recorder.waitFor(
      (m) => m.topic === dlqTopicFor(topic) && (m.key === keyOrEventId || envelopeOf(m)?.eventId === keyOrEventId),
      30_000,
    );
  const replyTo = (topic: string, correlationId: string) =>
    recorder.waitFor(
      (m) => m.topic === `${topic}.reply` && m.headers[MessageHeaders.correlationId] === correlationId,
      30_000,
    );
  const view = async (id: string, as = tenant) =>
    (await http('GET', `/v1/verifications/${id}`, { key: as.apiKey })).body;

  it('sends no tenant bus secret on otp.tenant.configure (each side derives it)', async () => {
    const created = await createTenant(state, { defaultPlan: ['sms'] });
    const configure = await recorder.waitFor(
      (m) => m.topic === Topics.tenantConfigure && envelopeOf(m)?.tenantId === created.id,
    );
    const bytes = Buffer.from(created.busSecret, 'base64url');
    for (const form of [created.busSecret, bytes.toString('base64'), bytes.toString('hex')]) {
      expect(configure.value).not.toContain(form);
    }
    expect(Object.keys(configure.json().payload)).toEqual(['policy']);
    // and the secret the admin API showed signs commands the otp-service accepts
    const correlationId = await produce(
      Topics.otpRequest,
      created.id,
      JSON.stringify(signed(RequestVerificationV1, created.id, { to: phoneNumber() }, bytes)),
      'otp.request.reply',
    );
    expect((await replyTo(Topics.otpRequest, correlationId)).json()).toMatchObject({
      ok: true,
      result: { status: 'pending' },
    });
  });

  it('dead-letters bad JSON, an unknown version and an oversized message on every consumed topic, and goes on', async () => {
    const run = randomBytes(4).toString('hex');
    const poisons: { topic: string; key: string; error: RegExp }[] = [];
    for (const topic of CONSUMED) {
      // bad JSON on every partition, so that whatever partition a good message lands on had a poison first
      for (let partition = 0; partition < TopicPartitions.command; partition++) {
        const key = `bad-json-${run}-${topic}-${partition}`;
        await produce(topic, key, '{"eventId": "nope", ', undefined, partition);
        poisons.push({ topic, key, error: /ContractViolation: message is not JSON/ });
      }
      const future = createEnvelope(RequestVerificationV1, {
        tenantId: tenant.id,
        verificationId: null,
        payload: { to: '+447911123456' },
      });
      const versioned = { ...future, type: TYPE_OF[topic], version: 2 };
      await produce(topic, `version-${run}-${topic}`, JSON.stringify(versioned));
      poisons.push({ topic, key: `version-${run}-${topic}`, error: /unknown message: \w+ v2 not accepted here/ });
      const oversized = { ...future, type: TYPE_OF[topic], payload: { blob: 'x'.repeat(600_000) } };
      await produce(topic, `oversized-${run}-${topic}`, JSON.stringify(oversized));
      poisons.push({ topic, key: `oversized-${run}-${topic}`, error: /ContractViolation: invalid \w+ payload/ });
    }
    for (const poison of poisons) {
      const dead = await deadLettered(poison.topic, poison.key);
      expect(dead.headers[MessageHeaders.dlqError]).toMatch(poison.error);
      expect(dead.headers[MessageHeaders.dlqSourceTopic]).toBe(poison.topic);
    }
    expect(poisons).toHaveLength(CONSUMED.length * (TopicPartitions.command + 2));

    // every consumer goes on: a tenant is configured, a code is sent, delivered, resent, read, checked, canceled
    const after = await createTenant(state, { defaultPlan: ['sms'], resendCooldownsSeconds: [0] });
    for (const channel of ['whatsapp', 'sms', 'email'] as const) {
      const to = channel === 'email' ? `poison-${run}@example.com` : phoneNumber();
      const created = await http('POST', '/v1/verifications', { key: after.apiKey, body: { to, channel } });
      expect(created.status).toBe(201);
      await recorder.waitFor((m) => m.topic === Topics.otpDelivered && m.verificationId === created.body.id, 30_000);
    }
    const created = await http('POST', '/v1/verifications', { key: after.apiKey, body: { to: phoneNumber() } });
    const id = created.body.id as string;
    expect((await http('POST', `/v1/verifications/${id}/resend`, { key: after.apiKey, body: {} })).status).toBe(200);
    expect((await view(id, after)).status).toBe('pending');
    const check = await http('POST', `/v1/verifications/${id}/check`, { key: after.apiKey, body: { code: '000000' } });
    expect(check.body).toMatchObject({ valid: false, attemptsRemaining: 4 });
    expect((await http('POST', `/v1/verifications/${id}/cancel`, { key: after.apiKey })).body.status).toBe('canceled');
  });

  it('dead-letters commands for an unknown tenant, with a forged signature, or for a verification of another partition', async () => {
    const ghost = `ghost-${randomBytes(4).toString('hex')}`;
    const byGateway = signed(RequestVerificationV1, ghost, { to: phoneNumber() }, gatewaySecret);
    await produce(Topics.otpRequest, `ghost-${ghost}`, JSON.stringify(byGateway));
    expect((await deadLettered(Topics.otpRequest, byGateway.eventId)).headers[MessageHeaders.dlqError]).toMatch(
      /tenant .* is not configured/,
    );
    const guessed = signed(RequestVerificationV1, ghost, { to: phoneNumber() }, randomBytes(32));
    await produce(Topics.otpRequest, `guessed-${ghost}`, JSON.stringify(guessed));
    expect((await deadLettered(Topics.otpRequest, guessed.eventId)).headers[MessageHeaders.dlqError]).toMatch(
      /signature does not match/,
    );

    // a check by id whose routing key points at no verification, and one naming another tenant's verification
    const victim = await createTenant(state, { defaultPlan: ['sms'] });
    const theirs = (await http('POST', '/v1/verifications', { key: victim.apiKey, body: { to: phoneNumber() } })).body;
    const mine = Buffer.from(tenant.busSecret, 'base64url');
    const sealedCode = sealWithSecret('12345678', mine, tenant.id);
    for (const [label, verificationId] of [
      ['no-such', `vf_${randomBytes(16).toString('hex')}`],
      ['theirs', theirs.id as string],
    ]) {
      const check = signed(CheckVerificationV1, tenant.id, { verificationId, sealedCode }, mine, verificationId);
      await produce(Topics.otpVerify, `${label}-${verificationId}`, JSON.stringify(check));
      const dead = await deadLettered(Topics.otpVerify, check.eventId);
      expect(dead.headers[MessageHeaders.dlqError]).toMatch(/verification not found/);
    }
    expect(await view(theirs.id, victim)).toMatchObject({ status: 'pending', attemptsRemaining: 5 });

    // a tenant configuring itself (raising its own limits) is refused; so is the old payload with a bus secret
    const selfConfigure = signed(ConfigureTenantV1, tenant.id, { policy: { maxChecks: 10 } }, mine);
    await produce(Topics.tenantConfigure, `self-${tenant.id}`, JSON.stringify(selfConfigure));
    expect((await deadLettered(Topics.tenantConfigure, `self-${tenant.id}`)).headers[MessageHeaders.dlqError]).toMatch(
      /must come from the gateway/,
    );
    const legacy = {
      ...signed(ConfigureTenantV1, tenant.id, {}, gatewaySecret),
      payload: { busSecret: 'x'.repeat(43) },
    };
    await produce(Topics.tenantConfigure, `legacy-${tenant.id}`, JSON.stringify(legacy));
    expect(
      (await deadLettered(Topics.tenantConfigure, `legacy-${tenant.id}`)).headers[MessageHeaders.dlqError],
    ).toMatch(/invalid ConfigureTenant payload/);
    const fresh = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    expect(fresh.body.attemptsRemaining).toBe(4);
  });

  it('dead-letters an OtpRequested whose sealed code was tampered with, and sends nothing for it', async () => {
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    const original = await recorder.waitFor(
      (m) => m.topic === Topics.otpRequestedSms && m.verificationId === created.body.id,
    );
    const event = original.json();
    const ct = Buffer.from(event.payload.sealedCode.ct, 'base64');
    ct[0] ^= 1;
    const tampered = {
      ...event,
      eventId: randomUUID(),
      payload: { ...event.payload, attempt: 2, sealedCode: { ...event.payload.sealedCode, ct: ct.toString('base64') } },
    };
    await produce(Topics.otpRequestedSms, original.key!, JSON.stringify(tampered));
    const dead = await recorder.waitFor(
      (m) => m.topic === dlqTopicFor(Topics.otpRequestedSms) && envelopeOf(m)?.eventId === tampered.eventId,
      30_000,
    );
    expect(dead.headers[MessageHeaders.dlqError]).toMatch(/sealed code cannot be opened/);
    const sent = (m: ReceivedMessage) =>
      m.topic === Topics.otpDelivered && m.verificationId === created.body.id && envelopeOf(m)?.payload.attempt === 1;
    await recorder.waitFor(sent, 30_000);
    expect((await view(created.body.id)).deliveries).toHaveLength(1);
  });

  it('refuses a replayed, a stale and a tampered signed check without counting it', async () => {
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    const id = created.body.id as string;
    const mine = Buffer.from(tenant.busSecret, 'base64url');
    const key = routingKeyOf(id)!;
    const wrong = signed(
      CheckVerificationV1,
      tenant.id,
      { verificationId: id, sealedCode: sealWithSecret('00000001', mine, tenant.id) },
      mine,
      id,
    );
    const first = await produce(Topics.otpVerify, key, JSON.stringify(wrong), 'otp.verify.reply');
    expect((await replyTo(Topics.otpVerify, first)).json()).toMatchObject({
      ok: true,
      result: { valid: false, attemptsRemaining: 3 },
    });

    // the same bytes again, asking for a reply and not: refused, then dead-lettered
    const replayed = await produce(Topics.otpVerify, key, JSON.stringify(wrong), 'otp.verify.reply');
    expect((await replyTo(Topics.otpVerify, replayed)).json()).toMatchObject({
      ok: false,
      error: { code: 'bus.command_replayed' },
    });
    await produce(Topics.otpVerify, key, JSON.stringify(wrong));
    expect((await deadLettered(Topics.otpVerify, wrong.eventId)).headers[MessageHeaders.dlqError]).toMatch(
      /was handled before/,
    );

    const stale = signed(
      CheckVerificationV1,
      tenant.id,
      { verificationId: id, sealedCode: sealWithSecret('00000002', mine, tenant.id) },
      mine,
      id,
      new Date(Date.now() - 600_000),
    );
    const staleReply = await produce(Topics.otpVerify, key, JSON.stringify(stale), 'otp.verify.reply');
    expect((await replyTo(Topics.otpVerify, staleReply)).json().error.code).toBe('bus.command_replayed');

    const sealed = sealWithSecret('00000003', mine, tenant.id);
    const tag = Buffer.from(sealed.tag, 'base64');
    tag[0] ^= 1;
    const tampered = signed(
      CheckVerificationV1,
      tenant.id,
      { verificationId: id, sealedCode: { ...sealed, tag: tag.toString('base64') } },
      mine,
      id,
    );
    const tamperedReply = await produce(Topics.otpVerify, key, JSON.stringify(tampered), 'otp.verify.reply');
    expect((await replyTo(Topics.otpVerify, tamperedReply)).json().error).toMatchObject({
      code: 'request.invalid',
      message: 'sealedCode cannot be opened with the signing secret',
    });

    // one check counted of the five sent
    expect(await view(id)).toMatchObject({ status: 'pending', attemptsRemaining: 3 });
  });
});

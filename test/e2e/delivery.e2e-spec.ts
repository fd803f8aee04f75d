import { createHmac } from 'node:crypto';
import { Topics, dlqTopicFor } from '@tessera/contracts';
import { TopicRecorder, startApp, testKafka, type ReceivedMessage } from '@tessera/testing';
import { SANDBOX, createTenant, emailAddress, http, phoneNumber, type TestTenant } from '../support/api';
import { appMetric, commandsSpent, dbCommandsOf } from '../support/app-metrics';
import { E2E_PORTS, appEnv, loadState } from '../support/system';

interface InboxMessage {
  channel: string;
  to: string;
  code: string | null;
  outcome: string;
  providerMessageId: string | null;
  text: string;
  raw: Record<string, unknown>;
  callbacks: Array<{ status: string; ok: boolean }>;
}

async function poll<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function inbox(to: string, channel: string): Promise<InboxMessage[]> {
  const answer = await http<{ messages: InboxMessage[] }>(
    'GET',
    `/api/messages?to=${encodeURIComponent(to)}&channel=${channel}`,
    { base: SANDBOX },
  );
  return answer.body.messages;
}

const accepted = (to: string, channel: string, count = 1) =>
  poll(async () => {
    const messages = (await inbox(to, channel)).filter((m) => m.outcome === 'accepted');
    return messages.length >= count ? messages : undefined;
  }, `${count} ${channel} message(s) to ${to}`);

describe('delivery over WhatsApp, SMS and email, with receipts and fallback', () => {
  const state = loadState();
  let tenant: TestTenant;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([
      Topics.otpRequestedEmail,
      Topics.otpRequestedSms,
      Topics.otpDelivered,
      dlqTopicFor(Topics.otpRequestedWhatsapp),
    ]);
    tenant = await createTenant(state, {
      defaultPlan: ['whatsapp', 'sms'],
      stepTimeoutSeconds: { whatsapp: 3, sms: 60, email: 120 },
    });
  });
  afterAll(() => recorder.stop());

  const verification = (id: string) =>
    http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey }).then((a) => a.body);
  const until = (id: string, predicate: (v: any) => boolean, what: string) =>
    poll(async () => {
      const v = await verification(id);
      return predicate(v) ? v : undefined;
    }, what);

  const create = (to: string, channel?: string) =>
    http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, ...(channel ? { channel } : {}) } }).then(
      (answer) => {
        expect(answer.status).toBe(201);
        return answer.body as { id: string };
      },
    );
  const requested = (topic: string, verificationId: string) =>
    recorder.waitFor((m) => m.topic === topic && m.json().verificationId === verificationId);
  const deliveredEvent = (verificationId: string, status: string) => (m: ReceivedMessage) =>
    m.topic === Topics.otpDelivered && m.json().verificationId === verificationId && m.json().payload.status === status;

  it.each([
    ['sms', 'Twilio', E2E_PORTS.sms],
    ['whatsapp', 'Meta', E2E_PORTS.whatsapp],
  ])('costs channel-%s one database command for a delivery and all its %s receipts', async (channel, _vendor, port) => {
    const before = await dbCommandsOf(port);
    const to = phoneNumber('0001');
    const created = await create(to, channel);
    const [message] = await accepted(to, channel);
    // The sandbox posts `sent`, then `delivered` once `sent` was answered: both answered 200 means both were handled.
    await poll(async () => {
      const [m] = (await inbox(to, channel)).filter((x) => x.outcome === 'accepted');
      return m && m.callbacks.filter((c) => c.ok).length === 2 ? true : undefined;
    }, `both ${channel} callbacks answered`);
    await until(created.id, (v) => v.deliveries[0].status === 'delivered', 'delivered');
    const checked = await http('POST', `/v1/verifications/${created.id}/check`, {
      key: tenant.apiKey,
      body: { code: message.code },
    });
    expect(checked.body).toMatchObject({ status: 'approved', valid: true });
    // the claim of the attempt; the `sent` and `delivered` callbacks carry their attempt and cost nothing
    expect(commandsSpent(before, await dbCommandsOf(port))).toEqual({ insert: 1 });
  });

  it('sends a verification on the same partition as one whose provider is slow without waiting for it', async () => {
    for (let round = 1; round <= 10; round++) {
      const slow = await create(phoneNumber('0006'), 'sms');
      const slowRequested = await requested(Topics.otpRequestedSms, slow.id);
      const searchUntil = Date.now() + 400;
      let neighbour: string | undefined;
      while (!neighbour && Date.now() < searchUntil) {
        const candidates = await Promise.all([1, 2, 3].map(() => create(phoneNumber('0001'), 'sms')));
        for (const candidate of candidates) {
          const message = await requested(Topics.otpRequestedSms, candidate.id);
          if (message.partition === slowRequested.partition) neighbour ??= candidate.id;
        }
      }
      if (!neighbour) {
        await recorder.waitFor(deliveredEvent(slow.id, 'sent'), 30000);
        continue;
      }
      // The neighbour came after the slow one on its partition, yet it is sent while the slow send is still
      // waiting for the provider's answer (SANDBOX_SLOW_DELAY_MS): the partition was not held.
      await recorder.waitFor(deliveredEvent(neighbour, 'sent'), 30000);
      expect(recorder.messages.find(deliveredEvent(slow.id, 'sent'))).toBeUndefined();
      await recorder.waitFor(deliveredEvent(slow.id, 'sent'), 30000);
      return;
    }
    throw new Error('no verification landed on the slow one’s partition in 10 rounds');
  });

  it.each([
    ['whatsapp', () => phoneNumber('0001')],
    ['sms', () => phoneNumber('0001')],
    ['email', () => emailAddress()],
  ])('delivers a code over %s that the person reads in the sandbox and checks', async (channel, destination) => {
    const to = destination();
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, channel } });
    expect(created.status).toBe(201);
    const [message] = await accepted(to, channel);
    expect(message.code).toMatch(/^\d{6}$/);
    const checked = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: message.code },
    });
    expect(checked.body).toMatchObject({ status: 'approved', valid: true });
    const expected = channel === 'email' ? 'sent' : 'delivered';
    const read = await until(created.body.id, (v) => v.deliveries[0].status === expected, `${channel} ${expected}`);
    expect(read.deliveries[0]).toMatchObject({ channel, providerMessageId: message.providerMessageId });
    expect(read.deliveries[0].history.map((h: { status: string }) => h.status)).toContain('sent');
  });

  it('falls back from WhatsApp to SMS with the same code when WhatsApp reports 131026', async () => {
    const to = phoneNumber('0013');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    const [sms] = await accepted(to, 'sms');
    const [whatsapp] = await inbox(to, 'whatsapp');
    expect(sms.code).toBe(whatsapp.code);
    const read = await until(created.body.id, (v) => v.deliveries.length === 2, 'second attempt');
    expect(read.deliveries[0]).toMatchObject({ channel: 'whatsapp', status: 'failed', errorCode: '131026' });
    expect(read.deliveries[1]).toMatchObject({ channel: 'sms', attempt: 2 });
    expect(read.channel).toBe('sms');
    const checked = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: sms.code },
    });
    expect(checked.body.status).toBe('approved');
  });

  it('falls back to SMS when no WhatsApp delivery receipt arrives within the step timeout', async () => {
    const to = phoneNumber('0014');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    const [sms] = await accepted(to, 'sms');
    const read = await until(created.body.id, (v) => v.deliveries.length === 2, 'fallback');
    expect(read.deliveries[0]).toMatchObject({ channel: 'whatsapp', status: 'sent' });
    expect(sms.code).toMatch(/^\d{6}$/);
  });

  it('ends failed, with the reason, when every channel of the plan fails', async () => {
    const to = phoneNumber('0003');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    const ended = await until(created.body.id, (v) => v.status === 'failed', 'failed');
    expect(ended.reason).toMatch(/every channel of the plan failed/);
    expect(ended.deliveries.map((d: { channel: string; status: string }) => [d.channel, d.status])).toEqual([
      ['whatsapp', 'failed'],
      ['sms', 'failed'],
    ]);
    const check = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: '123456' },
    });
    expect(check.body).toMatchObject({ code: 'verification.failed', verificationStatus: 'failed' });
  });

  it('sends one message when the same OtpRequested is consumed twice', async () => {
    const to = emailAddress();
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, channel: 'email' } });
    await accepted(to, 'email');
    const original = await recorder.waitFor(
      (m) => m.topic === Topics.otpRequestedEmail && m.verificationId === created.body.id,
    );
    const duplicatesBefore = await duplicateCount();
    const producer = testKafka('replayer').producer();
    await producer.connect();
    await producer.send({
      topic: Topics.otpRequestedEmail,
      messages: [{ key: original.key, value: original.value, headers: original.headers }],
    });
    await producer.disconnect();
    await poll(
      async () => ((await duplicateCount()) > duplicatesBefore ? true : undefined),
      'the replay to be consumed',
    );
    expect((await inbox(to, 'email')).filter((m) => m.outcome === 'accepted')).toHaveLength(1);
  });

  it('retries a provider that answers 500 twice and sends exactly one message', async () => {
    const to = phoneNumber('0005');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, channel: 'whatsapp' } });
    await accepted(to, 'whatsapp');
    await until(created.body.id, (v) => v.deliveries[0].status === 'delivered', 'delivered');
    const all = await inbox(to, 'whatsapp');
    expect(all.filter((m) => m.outcome === 'accepted')).toHaveLength(1);
    expect(all.filter((m) => m.outcome === 'error')).toHaveLength(2);
  });

  it.each(['sms', 'whatsapp'])(
    'sends %s once to a provider that takes the message and hangs up before answering: unconfirmed, never retried',
    async (channel) => {
      const to = phoneNumber('0009');
      const created = await create(to, channel);
      const unconfirmed = await recorder.waitFor(
        (m) => deliveredEvent(created.id, 'sent')(m) && m.json().payload.providerMessageId === null,
        30000,
      );
      expect(unconfirmed.json().payload).toMatchObject({ channel, attempt: 1 });
      // the provider had it and delivers it: its receipt names the attempt, with no message id needed
      await until(created.id, (v) => v.deliveries[0].status === 'delivered', 'delivered');
      expect((await inbox(to, channel)).map((m) => m.outcome)).toEqual(['accepted']);
    },
  );

  it('dead-letters a message the provider never accepts, fails the attempt, and keeps serving', async () => {
    const to = phoneNumber('0007');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, channel: 'whatsapp' } });
    const dead = await recorder.waitFor(
      (m) => m.topic === dlqTopicFor(Topics.otpRequestedWhatsapp) && m.verificationId === created.body.id,
      30000,
    );
    expect(dead.headers['tessera-dlq-error']).toMatch(/provider_unavailable|did not accept/);
    const ended = await until(created.body.id, (v) => v.status === 'failed', 'failed');
    expect(ended.deliveries[0]).toMatchObject({ status: 'failed' });
    const next = phoneNumber('0001');
    await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: next, channel: 'whatsapp' } });
    await accepted(next, 'whatsapp');
  });

  it('refuses unsigned or wrongly signed WhatsApp webhooks and passes replayed ones on harmlessly', async () => {
    const to = phoneNumber('0001');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, channel: 'whatsapp' } });
    const delivered = await until(created.body.id, (v) => v.deliveries[0].status === 'delivered', 'delivered');
    const wamid = delivered.deliveries[0].providerMessageId;
    const [sent] = (await inbox(to, 'whatsapp')).filter((m) => m.providerMessageId === wamid);
    // What Tessera gave Meta with the send, and Meta echoes in each status.
    const callbackData = sent!.raw.biz_opaque_callback_data as string;
    expect(JSON.parse(callbackData)).toMatchObject({ tnt: tenant.id, vid: created.body.id, att: '1' });
    const statusBody = (status: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '1', phone_number_id: '100000000000001' },
                  statuses: [
                    {
                      id: wamid,
                      status,
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      recipient_id: to.slice(1),
                      biz_opaque_callback_data: callbackData,
                      ...extra,
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
    const webhook = `http://127.0.0.1:${E2E_PORTS.whatsapp}/webhooks/whatsapp`;
    const signed = (body: string) =>
      `sha256=${createHmac('sha256', state.secrets.SANDBOX_WHATSAPP_APP_SECRET).update(body).digest('hex')}`;
    const post = (body: string, signature?: string) =>
      fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
        body,
      });
    const failed = statusBody('failed', { errors: [{ code: 131026, title: 'x' }] });
    expect((await post(failed)).status).toBe(401);
    expect((await post(failed, `sha256=${'0'.repeat(64)}`)).status).toBe(403);

    // A signed replay of `delivered` is acknowledged and not published again (this replica published it); the
    // otp-service would keep it once anyway. A `read` posted after it is the signal that both were handled.
    const replay = await post(statusBody('delivered'), signed(statusBody('delivered')));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ recorded: 0, already_reported: 1, unknown_message: 0 });
    expect((await post(statusBody('read'), signed(statusBody('read')))).status).toBe(200);
    const read = await until(created.body.id, (v) => v.deliveries[0].status === 'read', 'read');
    const statuses = read.deliveries[0].history.map((h: { status: string }) => h.status);
    expect(statuses.filter((s: string) => s === 'delivered')).toHaveLength(1);
    expect(statuses.filter((s: string) => s === 'sent')).toHaveLength(1);
    expect(read.status).toBe('pending');
  });

  it('publishes one sent and one delivered per SMS with two channel-sms replicas, whichever of them sent it', async () => {
    // Both replicas give Twilio the first one's callback URL (one webhook URL behind a load balancer, as deployed),
    // so the first one gets the `sent` and `delivered` callbacks of what the second one sent.
    const secondPort = E2E_PORTS.sms + 100;
    const second = await startApp('channel-sms', secondPort, appEnv['channel-sms'](state));
    try {
      const sentBySecond = () => appMetric(secondPort, 'tessera_deliveries_total', { outcome: 'sent' });
      const since = await highWatermarks(Topics.otpDelivered);
      const ids: string[] = [];
      // until the second replica (half of otp.requested.sms once the group has rebalanced) sent some of them
      for (const deadline = Date.now() + 60_000; (await sentBySecond()) === 0 && Date.now() < deadline;) {
        const created = await Promise.all([1, 2, 3, 4].map(() => create(phoneNumber('0001'), 'sms')));
        ids.push(...created.map((c) => c.id));
        // a repeated `sent` published by the callbacks' replica would come before its `delivered` (same producer,
        // same partition), so it is recorded by the time the `delivered` is
        await Promise.all(
          created.flatMap((c) => ['sent', 'delivered'].map((status) => recorder.waitFor(deliveredEvent(c.id, status)))),
        );
      }
      expect(await sentBySecond()).toBeGreaterThan(0);
      await recordedUpToNow(recorder, Topics.otpDelivered, since);
      for (const id of ids) {
        const statuses = recorder.messages
          .filter((m) => m.topic === Topics.otpDelivered && m.json().verificationId === id)
          .map((m) => m.json().payload.status as string);
        expect({ id, statuses: statuses.sort() }).toEqual({ id, statuses: ['delivered', 'sent'] });
      }
    } finally {
      await second.stop('SIGTERM');
    }
  });
});

/** The topic's high watermark of each partition, now. */
async function highWatermarks(topic: string): Promise<Map<number, number>> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, Number(high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the recorder has consumed what was appended to the topic after `since`, up to its end of now. */
async function recordedUpToNow(recorder: TopicRecorder, topic: string, since: Map<number, number>): Promise<void> {
  const grown = [...(await highWatermarks(topic))].filter(([partition, high]) => high > (since.get(partition) ?? 0));
  await poll(async () => {
    const behind = grown.filter(
      ([partition, high]) =>
        !recorder.messages.some((m) => m.topic === topic && m.partition === partition && m.offset >= high - 1),
    );
    return behind.length === 0 ? true : undefined;
  }, `the recorder at the end of ${topic}`);
}

function duplicateCount(): Promise<number> {
  return appMetric(E2E_PORTS.email, 'tessera_deliveries_total', { outcome: 'duplicate' });
}

import { createHmac } from 'node:crypto';
import { Topics, dlqTopicFor } from '@tessera/contracts';
import { TopicRecorder, testKafka } from '@tessera/testing';
import { SANDBOX, createTenant, emailAddress, http, phoneNumber, type TestTenant } from '../support/api';
import { E2E_PORTS, loadState } from '../support/system';

interface InboxMessage {
  channel: string;
  to: string;
  code: string | null;
  outcome: string;
  providerMessageId: string | null;
  text: string;
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
    recorder = await new TopicRecorder().start([Topics.otpRequestedEmail, dlqTopicFor(Topics.otpRequestedWhatsapp)]);
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

  it('refuses unsigned or wrongly signed WhatsApp webhooks and ignores replayed ones', async () => {
    const to = phoneNumber('0001');
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, channel: 'whatsapp' } });
    const delivered = await until(created.body.id, (v) => v.deliveries[0].status === 'delivered', 'delivered');
    const wamid = delivered.deliveries[0].providerMessageId;
    const body = JSON.stringify({
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
                    status: 'failed',
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    recipient_id: to.slice(1),
                    errors: [{ code: 131026, title: 'x' }],
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const webhook = `http://127.0.0.1:${E2E_PORTS.whatsapp}/webhooks/whatsapp`;
    const post = (signature?: string) =>
      fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
        body,
      });
    expect((await post()).status).toBe(401);
    expect((await post(`sha256=${'0'.repeat(64)}`)).status).toBe(403);
    const after = await verification(created.body.id);
    expect(after.deliveries[0].history).toEqual(delivered.deliveries[0].history);
    expect(after.status).toBe('pending');

    const deliveredReplay = body.replace('"failed"', '"delivered"').replace(/,"errors":\[[^\]]*\]/, '');
    const replaySignature = `sha256=${createHmac('sha256', state.secrets.SANDBOX_WHATSAPP_APP_SECRET).update(deliveredReplay).digest('hex')}`;
    const replay = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': replaySignature },
      body: deliveredReplay,
    });
    expect(replay.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await verification(created.body.id)).deliveries[0].history).toEqual(delivered.deliveries[0].history);
  });
});

async function duplicateCount(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${E2E_PORTS.email}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('tessera_deliveries_total') && l.includes('outcome="duplicate"'));
  return line ? Number(line.split(' ').pop()) : 0;
}

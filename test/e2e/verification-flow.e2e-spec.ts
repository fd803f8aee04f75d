import { Topics, routingKeyOf } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { createTenant, http, openSealedCode, phoneNumber, type TestTenant } from '../support/api';
import { loadState } from '../support/system';

describe('a verification over HTTP, through Kafka and FerretDB', () => {
  const state = loadState();
  let recorder: TopicRecorder;
  let tenant: TestTenant;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([Topics.otpRequestedSms, Topics.otpVerified, Topics.otpEvents]);
    tenant = await createTenant(state, { defaultPlan: ['sms'], codeLength: 10 });
  });
  afterAll(() => recorder.stop());

  it('sends a sealed code on the bus and approves it once', async () => {
    const to = phoneNumber();
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to, locale: 'fr' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      channel: 'sms',
      plan: ['sms'],
      attemptsRemaining: 5,
      sendsRemaining: 4,
    });
    expect(created.body.id).toMatch(/^vf_[0-9a-f]{32}$/);
    expect(created.body.to).not.toContain(to.slice(5, -3));

    const requested = await recorder.waitFor(
      (m) => m.topic === Topics.otpRequestedSms && m.verificationId === created.body.id,
    );
    // keyed by the routing key the id carries, so every message of this verification reaches one partition
    expect(requested.key).toBe(routingKeyOf(created.body.id));
    const envelope = requested.json();
    expect(envelope).toMatchObject({
      type: 'OtpRequested',
      version: 1,
      tenantId: tenant.id,
      verificationId: created.body.id,
    });
    expect(envelope.payload).toMatchObject({ channel: 'sms', attempt: 1, to, template: { locale: 'fr' } });
    expect(JSON.stringify(envelope)).not.toMatch(/"code"/);
    const code = openSealedCode(envelope);
    expect(code).toMatch(/^\d{10}$/);

    const wrong = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: code === '0000000000' ? '1111111111' : '0000000000' },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ status: 'pending', valid: false, attemptsRemaining: 4 });

    const right = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code },
    });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ status: 'approved', valid: true, attemptsRemaining: 3 });

    const verified = await recorder.waitFor(
      (m) => m.topic === Topics.otpVerified && m.verificationId === created.body.id,
    );
    expect(verified.json()).toMatchObject({ type: 'OtpVerified', payload: { channel: 'sms', checkAttempt: 2 } });
    await recorder.waitFor(
      (m) =>
        m.topic === Topics.otpEvents && m.verificationId === created.body.id && m.json().payload.status === 'approved',
    );

    const again = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toMatchObject({
      code: 'verification.already_approved',
      verificationStatus: 'approved',
      reason: 'already_approved',
    });

    const read = await http('GET', `/v1/verifications/${created.body.id}`, { key: tenant.apiKey });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'approved', attemptsRemaining: 0 });
    expect(read.body.deliveries[0]).toMatchObject({ attempt: 1, channel: 'sms' });
  });

  it('checks by destination as well as by id', async () => {
    const to = phoneNumber();
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    const requested = await recorder.waitFor(
      (m) => m.topic === Topics.otpRequestedSms && m.verificationId === created.body.id,
    );
    const code = openSealedCode(requested.json());
    const checked = await http('POST', '/v1/verification-checks', { key: tenant.apiKey, body: { to, code } });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ id: created.body.id, status: 'approved', valid: true });
  });

  it('cancels a pending verification, after which checks are refused with the reason', async () => {
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    const canceled = await http('POST', `/v1/verifications/${created.body.id}/cancel`, { key: tenant.apiKey });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled', attemptsRemaining: 0 });
    const check = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: '123456' },
    });
    expect(check.status).toBe(409);
    expect(check.body).toMatchObject({ code: 'verification.canceled', verificationStatus: 'canceled' });
    await recorder.waitFor(
      (m) =>
        m.topic === Topics.otpEvents && m.verificationId === created.body.id && m.json().payload.status === 'canceled',
    );
  });
});

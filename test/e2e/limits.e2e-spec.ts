import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { createTenant, http, phoneNumber } from '../support/api';
import { loadState } from '../support/system';

describe('limits: expiry, resends, destination caps', () => {
  const state = loadState();
  let recorder: TopicRecorder;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([Topics.otpRequestedSms, Topics.otpEvents]);
  });
  afterAll(() => recorder.stop());

  it('enforces the resend cooldown with 429 and Retry-After, and resends the same code', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'], resendCooldownsSeconds: [30, 60] });
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    const resend = await http('POST', `/v1/verifications/${created.body.id}/resend`, { key: tenant.apiKey, body: {} });
    expect(resend.status).toBe(429);
    expect(resend.body.code).toBe('verification.resend_cooldown');
    const retryAfter = Number(resend.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(25);
    expect(retryAfter).toBeLessThanOrEqual(30);
  });

  it('caps sends per verification and counts a repeated request as a resend of the same code', async () => {
    const tenant = await createTenant(state, {
      defaultPlan: ['sms'],
      resendCooldownsSeconds: [0],
      maxSendsPerVerification: 3,
    });
    const to = phoneNumber();
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(created.body.sendsRemaining).toBe(2);
    const repeated = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(repeated.status).toBe(201);
    expect(repeated.body).toMatchObject({ id: created.body.id, sendsRemaining: 1 });
    const resent = await http('POST', `/v1/verifications/${created.body.id}/resend`, { key: tenant.apiKey, body: {} });
    expect(resent.status).toBe(200);
    expect(resent.body.sendsRemaining).toBe(0);
    expect(resent.body.deliveries).toHaveLength(3);
    const refused = await http('POST', `/v1/verifications/${created.body.id}/resend`, { key: tenant.apiKey, body: {} });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('verification.send_limit');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // three sends, attempts 1 to 3, all of the same sealed code
    const sent = [];
    for (const attempt of [1, 2, 3]) {
      sent.push(
        await recorder.waitFor(
          (m) =>
            m.topic === Topics.otpRequestedSms &&
            m.verificationId === created.body.id &&
            m.json().payload.attempt === attempt,
        ),
      );
    }
    expect(new Set(sent.map((m) => m.json().payload.sealedCode.ct)).size).toBe(1);
  });

  it('caps codes per destination per hour across verifications', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'], maxSendsPerDestinationPerHour: 2 });
    const to = phoneNumber();
    const first = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    await http('POST', `/v1/verifications/${first.body.id}/cancel`, { key: tenant.apiKey });
    const second = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(second.status).toBe(201);
    await http('POST', `/v1/verifications/${second.body.id}/cancel`, { key: tenant.apiKey });
    const third = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('destination.hourly_limit');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('expires a verification on the server and refuses its code afterwards', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'], ttlSeconds: 30 });
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(30_000);
    await recorder.waitFor(
      (m) =>
        m.topic === Topics.otpEvents && m.verificationId === created.body.id && m.json().payload.status === 'expired',
      45_000,
    );
    const check = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: '123456' },
    });
    expect(check.status).toBe(410);
    expect(check.body).toMatchObject({ code: 'verification.expired', verificationStatus: 'expired' });
  });

  it('limits requests per tenant per minute', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'], requestsPerMinute: 2 });
    // two per clock minute: five requests inside one minute (started clear of its end) let exactly two through
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const minute = Math.floor(Date.now() / 60_000);
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } }));
    expect(Math.floor(Date.now() / 60_000)).toBe(minute);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 429, 429, 429]);
    const limited = answers[2];
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a TTL beyond 10 minutes (NIST) as bad input', async () => {
    const tenant = await createTenant(state);
    const answer = await http('POST', '/v1/verifications', {
      key: tenant.apiKey,
      body: { to: phoneNumber(), ttlSeconds: 601 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('request.invalid');
  });
});

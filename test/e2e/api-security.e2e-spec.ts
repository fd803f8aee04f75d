import { createHmac } from 'node:crypto';
import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { createTenant, http, phoneNumber, type TestTenant } from '../support/api';
import { E2E_PORTS, loadState, rememberSecret } from '../support/system';

describe('the HTTP API refuses what it must, clearly, and changes nothing', () => {
  const state = loadState();
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    tenant = await createTenant(state, { defaultPlan: ['sms'] });
    other = await createTenant(state, { defaultPlan: ['sms'] });
  });

  it('replays an Idempotency-Key with the same body and refuses it with another body', async () => {
    const to = phoneNumber();
    const headers = { 'idempotency-key': `k-${Date.now()}` };
    const first = await http('POST', '/v1/verifications', { key: tenant.apiKey, headers, body: { to } });
    const replay = await http('POST', '/v1/verifications', { key: tenant.apiKey, headers, body: { to } });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body.sendsRemaining).toBe(first.body.sendsRemaining);
    expect(replay.body.deliveries).toHaveLength(1);
    const conflict = await http('POST', '/v1/verifications', {
      key: tenant.apiKey,
      headers,
      body: { to: phoneNumber() },
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body.code).toBe('idempotency.conflict');
  });

  it("answers 404 for another tenant's verification, on every route", async () => {
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    for (const [method, path, body] of [
      ['GET', `/v1/verifications/${created.body.id}`, undefined],
      ['POST', `/v1/verifications/${created.body.id}/check`, { code: '123456' }],
      ['POST', `/v1/verifications/${created.body.id}/resend`, {}],
      ['POST', `/v1/verifications/${created.body.id}/cancel`, undefined],
    ] as const) {
      const answer = await http(method, path, { key: other.apiKey, body });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('verification.not_found');
    }
    const mine = await http('GET', `/v1/verifications/${created.body.id}`, { key: tenant.apiKey });
    expect(mine.body).toMatchObject({ status: 'pending', attemptsRemaining: 5 });
  });

  it('stops accepting a revoked key within seconds, and never accepts a missing or forged one', async () => {
    const issued = await http('POST', `/admin/tenants/${tenant.id}/keys`, {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
      body: { name: 'to-revoke' },
    });
    expect(issued.status).toBe(201);
    const key = issued.body.key as string;
    rememberSecret('api key', key);
    expect((await http('GET', `/v1/verifications/vf_${'0'.repeat(32)}`, { key })).status).toBe(404);
    const listed = await http('GET', `/admin/tenants/${tenant.id}/keys`, {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
    });
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect(listed.body.map((k: { id: string }) => k.id)).toContain(issued.body.id);
    const revoked = await http('DELETE', `/admin/tenants/${tenant.id}/keys/${issued.body.id}`, {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
    });
    expect(revoked.status).toBe(204);
    // the gateway that revoked it forgets its cached key at once
    const after = await http('POST', '/v1/verifications', { key, body: { to: phoneNumber() } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.unauthorized');
    expect((await http('POST', '/v1/verifications', { body: { to: phoneNumber() } })).status).toBe(401);
    const forged = `${issued.body.id}_${'A'.repeat(43)}`;
    expect((await http('POST', '/v1/verifications', { key: forged, body: { to: phoneNumber() } })).status).toBe(401);
    expect((await http('POST', '/admin/tenants', { headers: { 'x-admin-token': 'wrong' }, body: {} })).status).toBe(
      401,
    );
    const again = await http('POST', '/admin/tenants', {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
      body: { id: tenant.id, name: 'again' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('tenant.exists');
  });

  it.each([
    ['an unknown field', { to: '+447911123456', colour: 'blue' }, 'request.invalid'],
    ['a wrong type', { to: 12345 }, 'request.invalid'],
    ['a code length out of range', { to: '+447911123456', codeLength: 11 }, 'request.invalid'],
    ['an unknown channel', { to: '+447911123456', channel: 'pigeon' }, 'request.invalid'],
    ['both channel and channels', { to: '+447911123456', channel: 'sms', channels: ['sms'] }, 'request.invalid'],
  ])('answers 400 with a code for %s', async (_, body, code) => {
    const answer = await http('POST', '/v1/verifications', { key: tenant.apiKey, body });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.code).toBe(code);
  });

  it('answers 400 for malformed JSON, 413 for an oversized body, 422 for an unreachable number', async () => {
    const malformed = await http('POST', '/v1/verifications', { key: tenant.apiKey, rawBody: '{"to": "+4479' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('request.malformed_json');
    const huge = await http('POST', '/v1/verifications', {
      key: tenant.apiKey,
      body: { to: phoneNumber(), metadata: { blob: 'x'.repeat(40_000) } },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('request.too_large');
    const invalid = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: '+4412' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('delivery.invalid_recipient');
    const badId = await http('GET', '/v1/verifications/not-an-id', { key: tenant.apiKey });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('id');
  });

  it('refuses channels and countries the tenant policy does not allow', async () => {
    const strict = await createTenant(state, {
      allowedChannels: ['sms'],
      defaultPlan: ['sms'],
      allowedCountries: ['FR'],
    });
    const channel = await http('POST', '/v1/verifications', {
      key: strict.apiKey,
      body: { to: phoneNumber(), channel: 'whatsapp' },
    });
    expect(channel.status).toBe(422);
    expect(channel.body.code).toBe('policy.channel_not_allowed');
    const country = await http('POST', '/v1/verifications', { key: strict.apiKey, body: { to: phoneNumber() } });
    expect(country.status).toBe(422);
    expect(country.body.code).toBe('policy.country_not_allowed');
    const french = await http('POST', '/v1/verifications', { key: strict.apiKey, body: { to: '+33612345678' } });
    expect(french.status).toBe(201);
  });

  it('serves its OpenAPI document and docs page', async () => {
    const doc = await http('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/verifications', '/v1/verifications/{id}/check', '/v1/verification-checks']),
    );
    const page = await fetch('http://127.0.0.1:13000/docs');
    expect(page.status).toBe(200);
  });

  it('answers a method a documented path does not serve with 405 and Allow, without an API key', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/v1/verifications', 'POST'],
      ['DELETE', `/v1/verifications/vf_${'0'.repeat(32)}`, 'GET, HEAD'],
      ['GET', `/v1/verifications/vf_${'0'.repeat(32)}/check`, 'POST'],
      ['PATCH', '/admin/tenants/acme/keys', 'GET, HEAD, POST'],
    ]) {
      const answer = await http(method, path);
      expect([method, path, answer.status, answer.headers.get('allow'), answer.body.code]).toEqual([
        method,
        path,
        405,
        allow,
        'request.method_not_allowed',
      ]);
    }
    expect((await http('GET', '/v1/nothing-here')).status).toBe(404);
  });

  it('refuses every admin route without the admin token or with a wrong one, and changes nothing', async () => {
    const issued = await http('POST', `/admin/tenants/${tenant.id}/keys`, {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
      body: { name: 'kept' },
    });
    rememberSecret('api key', issued.body.key);
    const routes: [string, string, unknown][] = [
      ['POST', '/admin/tenants', { id: `${tenant.id}-x`, name: 'x' }],
      ['PATCH', `/admin/tenants/${tenant.id}/policy`, { policy: { maxChecks: 10 } }],
      ['POST', `/admin/tenants/${tenant.id}/keys`, { name: 'stolen' }],
      ['GET', `/admin/tenants/${tenant.id}/keys`, undefined],
      ['DELETE', `/admin/tenants/${tenant.id}/keys/${issued.body.id}`, undefined],
    ];
    for (const token of [undefined, 'wrong', `${state.secrets.ADMIN_TOKEN}x`, state.secrets.ADMIN_TOKEN.slice(1)]) {
      for (const [method, path, body] of routes) {
        const headers: Record<string, string> = token === undefined ? {} : { 'x-admin-token': token };
        const answer = await http(method, path, { headers, body });
        expect([method, path, answer.status, answer.body.code]).toEqual([method, path, 401, 'auth.unauthorized']);
      }
    }
    // the key survived, the policy kept its checks and no other tenant appeared
    const created = await http('POST', '/v1/verifications', { key: issued.body.key, body: { to: phoneNumber() } });
    expect(created.body).toMatchObject({ status: 'pending', attemptsRemaining: 5 });
    const keys = await http('GET', `/admin/tenants/${tenant.id}/keys`, {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
    });
    expect(keys.body.map((k: { name: string }) => k.name)).not.toContain('stolen');
    const again = await http('POST', '/admin/tenants', {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
      body: { id: `${tenant.id}-x`, name: 'x' },
    });
    expect(again.status).toBe(201);
    rememberSecret('api key', again.body.apiKey.key);
    rememberSecret('bus secret', again.body.busSecret);
  });

  it('refuses provider callbacks with a missing or forged signature, and the delivery keeps its status', async () => {
    const recorder = await new TopicRecorder().start([Topics.otpDelivered]);
    try {
      const created = await http('POST', '/v1/verifications', {
        key: tenant.apiKey,
        body: { to: phoneNumber('0001'), channel: 'whatsapp' },
      });
      const id = created.body.id as string;
      await recorder.waitFor((m) => m.verificationId === id && m.json().payload.status === 'delivered', 30_000);
      const delivered = (await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey })).body;
      const wamid = delivered.deliveries[0].providerMessageId as string;
      const failed = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '100000000000000',
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550000000', phone_number_id: '100000000000001' },
                  statuses: [
                    {
                      id: wamid,
                      status: 'failed',
                      timestamp: String(Math.floor(Date.now() / 1000)),
                      recipient_id: '15550000001',
                      errors: [{ code: 131026, title: 'Message undeliverable' }],
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      const hook = (signature?: string) =>
        http('POST', '/webhooks/whatsapp', {
          base: `http://127.0.0.1:${E2E_PORTS.whatsapp}`,
          rawBody: failed,
          headers: signature ? { 'x-hub-signature-256': signature } : {},
        });
      const forge = (secret: string, body = failed) =>
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      expect((await hook()).status).toBe(401);
      expect((await hook(forge('not-the-app-secret'))).status).toBe(403);
      expect((await hook(forge(state.secrets.SANDBOX_WHATSAPP_APP_SECRET, `${failed} `))).status).toBe(403);
      const twilio = await http('POST', '/webhooks/twilio', {
        base: `http://127.0.0.1:${E2E_PORTS.sms}`,
        rawBody: `MessageSid=SM${'0'.repeat(32)}&MessageStatus=failed&ErrorCode=30003`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'bm90LWEtc2lnbmF0dXJl' },
      });
      expect(twilio.status).toBe(403);
      // the refusals were synchronous: the record is as the real callback left it, with no fallback to sms
      const after = (await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey })).body;
      expect(after).toMatchObject({ status: 'pending', channel: 'whatsapp' });
      expect(after.deliveries).toEqual(delivered.deliveries);
    } finally {
      await recorder.stop();
    }
  });
});

import { createTenant, http, phoneNumber, type TestTenant } from '../support/api';
import { loadState } from '../support/system';

describe('error messages a newcomer can act on', () => {
  const state = loadState();
  let smsOnly: TestTenant;

  beforeAll(async () => {
    smsOnly = await createTenant(state, { defaultPlan: ['sms'] });
  });

  it('answers a form-encoded body (curl -d without a content type) with 415 and the accepted types', async () => {
    const answer = await http('POST', '/v1/verifications', {
      key: smsOnly.apiKey,
      rawBody: JSON.stringify({ to: phoneNumber() }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.headers.get('accept')).toBe('application/json');
    expect(answer.body).toMatchObject({
      code: 'request.unsupported_media_type',
      acceptedContentTypes: ['application/json'],
    });
    expect(answer.body.detail).toContain('content-type application/x-www-form-urlencoded is not accepted');
  });

  it('names the field of a bad code once', async () => {
    const created = await http('POST', '/v1/verifications', { key: smsOnly.apiKey, body: { to: phoneNumber() } });
    expect(created.status).toBe(201);
    const answer = await http('POST', `/v1/verifications/${created.body.id}/check`, {
      key: smsOnly.apiKey,
      body: { code: '12' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'request.invalid', detail: 'code: 4 to 10 digits' });
  });

  it("says which channel would take an email address when the tenant's plan is SMS only", async () => {
    const answer = await http('POST', '/v1/verifications', { key: smsOnly.apiKey, body: { to: 'ada@example.com' } });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'delivery.invalid_recipient',
      detail: "to: looks like an email address, but the plan's channel (sms) takes phone numbers; use channel email",
    });
  });
});

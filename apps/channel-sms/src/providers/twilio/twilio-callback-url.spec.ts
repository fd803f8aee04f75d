import { createHmac } from 'node:crypto';
import { deliveryRefOfQuery, signedCallbackUrl, statusCallbackUrlFor } from './twilio-callback-url';
import { isValidTwilioSignature } from './twilio-signature';

const ref = {
  tenantId: 'acme',
  verificationId: `vf_${'ab'.repeat(16)}`,
  attempt: 3,
  requestedAt: new Date('2026-01-01T00:00:00Z'),
};
const queryOf = (url: string): string => url.split('#')[0]!.split('?')[1] ?? '';

describe('Twilio StatusCallback URLs', () => {
  it('adds the delivery ref to the query, keeping the configured query and the fragment last', () => {
    expect(statusCallbackUrlFor('https://tessera.example/webhooks/twilio', ref)).toBe(
      `https://tessera.example/webhooks/twilio?tnt=acme&vid=${ref.verificationId}&att=3&req=1767225600000`,
    );
    expect(statusCallbackUrlFor('https://t.example/webhooks/twilio?source=tw#rc=3&rp=5xx', ref)).toMatch(
      /^https:\/\/t\.example\/webhooks\/twilio\?source=tw&tnt=acme&vid=vf_[0-9a-f]{32}&att=3&req=\d+#rc=3&rp=5xx$/,
    );
  });

  it('reads back the ref from the query as received, and nothing from a query without one', () => {
    const url = statusCallbackUrlFor('https://tessera.example/webhooks/twilio?source=tw', ref);
    expect(deliveryRefOfQuery(queryOf(url))).toEqual(ref);
    expect(deliveryRefOfQuery('source=tw')).toBeNull();
    expect(deliveryRefOfQuery('tnt=acme&vid=vf_1&att=0&req=1')).toBeNull();
  });

  it('rebuilds the URL Twilio signed from the public URL and the query as received, so a forged ref fails', () => {
    const configured = 'https://tessera.example/webhooks/twilio?source=tw';
    const given = statusCallbackUrlFor(configured, ref);
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
    const signature = createHmac('sha1', 'token')
      .update(`${given}MessageSidSM1MessageStatusdelivered`)
      .digest('base64');
    const signed = signedCallbackUrl(configured, queryOf(given));
    expect(signed).toBe(given);
    expect(isValidTwilioSignature('token', signed, params, signature)).toBe(true);
    const forged = queryOf(given).replace('att=3', 'att=4');
    expect(isValidTwilioSignature('token', signedCallbackUrl(configured, forged), params, signature)).toBe(false);
  });
});

import { verificationIdOf } from './message-verification';

const ID = 'vf_0123456789abcdef0123456789abcdef';

describe('verificationIdOf', () => {
  it('reads WhatsApp biz_opaque_callback_data as channel-whatsapp writes it, in both its formats', () => {
    const v2 = { v: 2, tnt: 't1', vid: ID, att: '1', req: '1767225600000', ttlSeconds: 300, expiresAt: 1767225900 };
    expect(verificationIdOf('meta', { biz_opaque_callback_data: JSON.stringify(v2) })).toBe(ID);
    const v1 = { v: 1, verificationId: ID, attempt: 1 };
    expect(verificationIdOf('meta', { biz_opaque_callback_data: JSON.stringify(v1) })).toBe(ID);
  });

  it("reads the email's X-Tessera-Verification header", () => {
    expect(verificationIdOf('smtp', { envelope: {}, headers: { 'x-tessera-verification': ID }, source: '' })).toBe(ID);
  });

  it("reads the delivery ref's vid in the query of Twilio's StatusCallback", () => {
    const query = `tnt=t1&vid=${ID}&att=2&req=1767225600000`;
    const form = { To: '+447911120013', StatusCallback: `http://127.0.0.1:3003/webhooks/twilio?${query}#rc=3` };
    expect(verificationIdOf('twilio', form)).toBe(ID);
  });

  it('is null when the sender said nothing, or something unreadable', () => {
    expect(verificationIdOf('twilio', { StatusCallback: 'http://127.0.0.1:3003/webhooks/twilio' })).toBeNull();
    expect(verificationIdOf('twilio', { StatusCallback: 'not a url' })).toBeNull();
    expect(verificationIdOf('meta', { biz_opaque_callback_data: 'not json' })).toBeNull();
    expect(verificationIdOf('meta', { biz_opaque_callback_data: '[1]' })).toBeNull();
    expect(verificationIdOf('smtp', { headers: {} })).toBeNull();
    expect(verificationIdOf('smpp', { short_message: { hex: '00' } })).toBeNull();
    expect(verificationIdOf('meta', null)).toBeNull();
  });
});

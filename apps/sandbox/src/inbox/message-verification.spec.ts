import { verificationIdOf } from './message-verification';

const ID = 'vf_0123456789abcdef0123456789abcdef';

describe('verificationIdOf', () => {
  it('reads WhatsApp biz_opaque_callback_data as channel-whatsapp writes it', () => {
    const body = {
      messaging_product: 'whatsapp',
      biz_opaque_callback_data: JSON.stringify({ v: 1, verificationId: ID }),
    };
    expect(verificationIdOf('meta', body)).toBe(ID);
  });

  it("reads the email's X-Tessera-Verification header", () => {
    expect(verificationIdOf('smtp', { envelope: {}, headers: { 'x-tessera-verification': ID }, source: '' })).toBe(ID);
  });

  it("reads a verificationId query parameter of Twilio's StatusCallback", () => {
    const form = { To: '+447911120013', StatusCallback: `http://127.0.0.1:3003/webhooks/twilio?verificationId=${ID}` };
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

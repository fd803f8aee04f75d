import { createHmac } from 'node:crypto';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature';

describe('twilioSignature', () => {
  // Twilio's published example (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it('builds the value step by step as Twilio documents it', () => {
    // prettier-ignore
    const data = url + 'CallSid' + 'CA1234567890ABCDE' + 'Caller' + '+12349013030' + 'Digits' + '1234' +
      'From' + '+12349013030' + 'To' + '+18005551212';
    expect(twilioSignature('12345', url, params)).toBe(createHmac('sha1', '12345').update(data).digest('base64'));
  });

  it('reproduces the vector of Twilio’s documentation', () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('sorts names case-sensitively and signs a repeated name once per value', () => {
    const data = 'https://x.test/cb' + 'Zeta1' + 'alpha2' + 'alpha3';
    expect(twilioSignature('t', 'https://x.test/cb', { alpha: ['3', '2'], Zeta: '1' })).toBe(
      createHmac('sha1', 't').update(data).digest('base64'),
    );
  });

  it('accepts only the exact signature', () => {
    const good = twilioSignature('12345', url, params);
    expect(isValidTwilioSignature('12345', url, params, good)).toBe(true);
    expect(isValidTwilioSignature('12345', url, { ...params, Digits: '1235' }, good)).toBe(false);
    expect(isValidTwilioSignature('12345', `${url}&x=1`, params, good)).toBe(false);
    expect(isValidTwilioSignature('54321', url, params, good)).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, good.slice(1))).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, '')).toBe(false);
  });

  it('accepts a signature over the callback URL with or without its fragment (connection overrides)', () => {
    const configured = 'https://sms.example.test/webhooks/twilio#rc=3&rp=5xx';
    const plain = 'https://sms.example.test/webhooks/twilio';
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered' };
    const over = (u: string) =>
      createHmac('sha1', 't').update(`${u}MessageSidSM1MessageStatusdelivered`).digest('base64');
    expect(isValidTwilioSignature('t', configured, params, over(plain))).toBe(true);
    expect(isValidTwilioSignature('t', configured, params, over(configured))).toBe(true);
    expect(isValidTwilioSignature('t', plain, params, over(configured))).toBe(false);
  });
});

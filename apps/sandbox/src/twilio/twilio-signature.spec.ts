import { createHmac } from 'node:crypto';
import { twilioSignature } from './twilio-signature';

describe('twilioSignature', () => {
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    To: '+18005551212',
    CallSid: 'CA1234567890ABCDE',
    From: '+14158675309',
    Digits: '1234',
    Caller: '+14158675309',
  };

  it('matches the signature built step by step as Twilio documents it', () => {
    // 1. the full URL, query string included; 2. every POST parameter, sorted by name, name then value, no separators.
    // prettier-ignore
    const data =
      'https://mycompany.com/myapp.php?foo=1&bar=2' +
      'CallSid' + 'CA1234567890ABCDE' +
      'Caller' + '+14158675309' +
      'Digits' + '1234' +
      'From' + '+14158675309' +
      'To' + '+18005551212';
    // 3. HMAC-SHA1 keyed by the auth token, 4. base64.
    const expected = createHmac('sha1', '12345').update(data).digest('base64');
    expect(twilioSignature('12345', url, params)).toBe(expected);
  });

  it('reproduces the known vector of Twilio’s helper libraries', () => {
    expect(twilioSignature('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('sorts names case-sensitively (upper case before lower case)', () => {
    const data = 'https://x.test/cb' + 'Zeta' + '1' + 'alpha' + '2';
    expect(twilioSignature('t', 'https://x.test/cb', { alpha: '2', Zeta: '1' })).toBe(
      createHmac('sha1', 't').update(data).digest('base64'),
    );
  });

  it('changes when any value, the URL or the token changes', () => {
    const base = twilioSignature('12345', url, params);
    expect(twilioSignature('12345', url, { ...params, Digits: '1235' })).not.toBe(base);
    expect(twilioSignature('12345', `${url}&baz=3`, params)).not.toBe(base);
    expect(twilioSignature('12346', url, params)).not.toBe(base);
  });

  it('signs UTF-8 values as UTF-8 bytes', () => {
    const data = 'https://x.test/cb' + 'Body' + 'Código ✓';
    expect(twilioSignature('t', 'https://x.test/cb', { Body: 'Código ✓' })).toBe(
      createHmac('sha1', 't').update(Buffer.from(data, 'utf8')).digest('base64'),
    );
  });
});

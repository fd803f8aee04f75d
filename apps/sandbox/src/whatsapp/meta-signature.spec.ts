import { createHmac } from 'node:crypto';
import { metaSignature } from './meta-signature';

describe('metaSignature', () => {
  it('is "sha256=" and the hex HMAC-SHA256 of the body keyed by the app secret (RFC 4231 test case 2)', () => {
    expect(metaSignature('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('signs the exact bytes: the same JSON with other whitespace signs differently', () => {
    const compact = '{"object":"whatsapp_business_account"}';
    const spaced = '{ "object": "whatsapp_business_account" }';
    expect(metaSignature('s', compact)).not.toBe(metaSignature('s', spaced));
    expect(metaSignature('s', Buffer.from(compact))).toBe(metaSignature('s', compact));
  });

  it('agrees with an HMAC computed independently', () => {
    const body = JSON.stringify({ entry: [{ id: '1', text: 'código ✓' }] });
    const expected = createHmac('sha256', 'sandbox-app-secret').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(metaSignature('sandbox-app-secret', body)).toBe(`sha256=${expected}`);
  });
});

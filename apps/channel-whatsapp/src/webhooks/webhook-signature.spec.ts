import { createHmac } from 'node:crypto';
import { sameSecret } from '@tessera/crypto';
import { verifyMetaSignature } from './webhook-signature';

const SECRET = 'test-app-secret';
const body = Buffer.from(
  JSON.stringify({ object: 'whatsapp_business_account', entry: [{ text: 'código ✓' }] }),
  'utf8',
);
/** Computed here, independently of the code under test. */
const signed = (secret: string, bytes: Buffer) => `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

describe('verifyMetaSignature', () => {
  it('accepts sha256=<hex HMAC-SHA256 of the raw body keyed by the app secret>', () => {
    expect(verifyMetaSignature(SECRET, body, signed(SECRET, body))).toBe('valid');
  });

  it('accepts upper-case hex', () => {
    expect(verifyMetaSignature(SECRET, body, `sha256=${signed(SECRET, body).slice(7).toUpperCase()}`)).toBe('valid');
  });

  it('says missing when there is no header', () => {
    expect(verifyMetaSignature(SECRET, body, undefined)).toBe('missing');
    expect(verifyMetaSignature(SECRET, body, '')).toBe('missing');
  });

  it.each([
    ['another secret', signed('another-secret', body)],
    ['another body', signed(SECRET, Buffer.from('{}'))],
    [
      'the same JSON re-serialized with other whitespace',
      signed(SECRET, Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2))),
    ],
    ['no sha256= prefix', signed(SECRET, body).slice(7)],
    ['the SHA-1 header format', `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`],
    ['a truncated digest', signed(SECRET, body).slice(0, -2)],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('says invalid for %s', (_name, header) => {
    expect(verifyMetaSignature(SECRET, body, header)).toBe('invalid');
  });

  it('says invalid for a repeated header', () => {
    expect(verifyMetaSignature(SECRET, body, [signed(SECRET, body), signed(SECRET, body)])).toBe('invalid');
  });
});

describe('sameSecret', () => {
  it('compares whole secrets of any length', () => {
    expect(sameSecret('local-verify-token', 'local-verify-token')).toBe(true);
    expect(sameSecret('local-verify-toke', 'local-verify-token')).toBe(false);
    expect(sameSecret('', 'local-verify-token')).toBe(false);
  });
});

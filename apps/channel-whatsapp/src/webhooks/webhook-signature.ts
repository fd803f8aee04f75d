import { createHmac } from 'node:crypto';
import { sameSecret } from '@tessera/crypto';

export type SignatureVerdict = 'valid' | 'missing' | 'invalid';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the app secret>` against
 * the exact bytes received (never re-serialized JSON), in constant time.
 */
export function verifyMetaSignature(
  appSecret: string,
  rawBody: Buffer,
  header: string | string[] | undefined,
): SignatureVerdict {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'invalid';
  const hex = SIGNATURE.exec(header.trim())?.[1];
  if (!hex) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return sameSecret(Buffer.from(hex, 'hex'), expected) ? 'valid' : 'invalid';
}

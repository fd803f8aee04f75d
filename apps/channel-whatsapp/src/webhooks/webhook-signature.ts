import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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
  return timingSafeEqual(expected, Buffer.from(hex, 'hex')) ? 'valid' : 'invalid';
}

/** Compares two secrets in constant time, whatever their lengths (both are hashed first). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

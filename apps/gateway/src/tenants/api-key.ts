import { randomBytes } from 'node:crypto';
import { sameSecret, sha256Hex } from '@tessera/crypto';

/** `tsk_<8 hex prefix>_<43 chars secret>`: the prefix finds the record, the whole key is checked by hash. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = `tsk_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export const hashApiKey = (key: string): string => sha256Hex(key);

export function parseApiKey(key: string): { prefix: string } | null {
  const match = /^(tsk_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/.exec(key);
  return match ? { prefix: match[1] } : null;
}

export function apiKeyMatches(key: string, hash: string): boolean {
  return sameSecret(hashApiKey(key), hash);
}

import { randomBytes } from 'node:crypto';
import { sameSecret, sha256Hex } from '@tessera/crypto';
import { SidPrefixes, newSid } from './twilio-sid';

/** A new secret: an auth token (32 hex, as Twilio's) or an API key secret (32 base62-ish characters). */
export function newSecret(kind: 'account' | 'api_key'): string {
  return kind === 'account'
    ? randomBytes(16).toString('hex')
    : randomBytes(24).toString('base64url').replace(/[-_]/g, 'x').slice(0, 32);
}

/** Secrets are 128+ random bits, so a plain SHA-256 is enough at rest (as for API keys). */
export const hashSecret = (secret: string): string => sha256Hex(secret);
export const secretMatches = (secret: string, hash: string): boolean => sameSecret(hashSecret(secret), hash);

/** A tenant's account sid, the same every time: the tenant has one Twilio account. */
export const accountSidOf = (tenantId: string): string =>
  `${SidPrefixes.account}${sha256Hex(`tessera-twilio-account:${tenantId}`).slice(0, 32)}`;

export const newApiKeySid = (): string => newSid(SidPrefixes.apiKey);

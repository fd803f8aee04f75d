import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedCode } from '@tessera/contracts';

const INFO = 'tessera/check-code-seal/v1';

/** Keys derived so far, by the secret's Buffer (a config value or a tenant's cached secret: the same object each time). */
const derived = new WeakMap<Buffer, Buffer>();

function keyFrom(secret: Buffer): Buffer {
  let key = derived.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.from('tessera'), Buffer.from(INFO), 32));
    derived.set(secret, key);
  }
  return key;
}

/**
 * Seals a code a person typed for its trip in a check command, under a key derived (HKDF-SHA256) from the
 * command's signing secret (the gateway's or the tenant's bus secret): only the signer and the otp-service
 * can read it, so the code never crosses Kafka in plain text. `aad` is the tenant id.
 */
export function sealWithSecret(code: string, secret: Buffer, aad: string): SealedCode {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return {
    kid: 'signer',
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function openWithSecret(sealed: SealedCode, secret: Buffer, aad: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
}

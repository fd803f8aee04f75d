import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedCode } from '@tessera/contracts';

export class UnknownSealKeyError extends Error {
  constructor(kid: string) {
    super(`no seal key with id "${kid}"`);
    this.name = 'UnknownSealKeyError';
  }
}

/**
 * Seals codes with AES-256-GCM for their trip over the bus. The verification id is the additional
 * authenticated data, so a sealed code cannot be replayed into another verification. Old keys stay in the
 * ring to open codes sealed before a rotation; new codes use the active key.
 */
export class CodeSealer {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKid: string,
  ) {
    if (!keys.has(activeKid)) throw new UnknownSealKeyError(activeKid);
  }

  seal(code: string, verificationId: string): SealedCode {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKid)!, iv);
    cipher.setAAD(Buffer.from(verificationId));
    const ct = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return {
      kid: this.activeKid,
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  open(sealed: SealedCode, verificationId: string): string {
    const key = this.keys.get(sealed.kid);
    if (!key) throw new UnknownSealKeyError(sealed.kid);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(verificationId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  }
}

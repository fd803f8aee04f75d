import { createHmac } from 'node:crypto';
import { sameSecret } from './same-secret';

/** HMAC-SHA256 of a code under a server secret, bound to its verification so equal codes hash differently. */
export class CodeHasher {
  constructor(private readonly secret: Buffer) {}

  hash(verificationId: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${verificationId}:${code}`).digest('hex');
  }

  matches(verificationId: string, code: string, expectedHash: string): boolean {
    return sameSecret(this.hash(verificationId, code), expectedHash);
  }
}

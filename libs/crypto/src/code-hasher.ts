import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of a code under a server secret, bound to its verification so equal codes hash differently. */
export class CodeHasher {
  constructor(private readonly secret: Buffer) {}

  hash(verificationId: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${verificationId}:${code}`).digest('hex');
  }

  matches(verificationId: string, code: string, expectedHash: string): boolean {
    const actual = Buffer.from(this.hash(verificationId, code), 'hex');
    const expected = Buffer.from(expectedHash, 'hex');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

import { createHash, randomBytes } from 'node:crypto';

export const newVerificationId = (): string => `vf_${randomBytes(16).toString('hex')}`;

/** A stable lookup key for a destination that does not reveal it (scoped by tenant). */
export const destinationKey = (tenantId: string, to: string, pepper: Buffer): string =>
  createHash('sha256').update(pepper).update(`${tenantId}\u0000${to}`).digest('hex');

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

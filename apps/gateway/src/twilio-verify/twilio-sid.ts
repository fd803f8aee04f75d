import { createHash, randomBytes } from 'node:crypto';

/** Twilio's resource identifiers: a two-letter type prefix and 32 lowercase hex digits. */
export const SidPrefixes = {
  account: 'AC',
  apiKey: 'SK',
  service: 'VA',
  verification: 'VE',
  attempt: 'VL',
} as const;
export type SidPrefix = (typeof SidPrefixes)[keyof typeof SidPrefixes];

export const sidPattern = (prefix: SidPrefix): RegExp => new RegExp(`^${prefix}[0-9a-f]{32}$`);

export const isSid = (prefix: SidPrefix, value: string): boolean => sidPattern(prefix).test(value);

export const newSid = (prefix: SidPrefix): string => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * A Tessera verification id (`vf_<32 hex>`) and its Twilio sid (`VE<32 hex>`) carry the same 32 hex digits, so
 * the sid needs no stored mapping and reaches the verification's partition like the id does.
 */
export const verificationSidOf = (verificationId: string): string => `VE${verificationId.slice(3)}`;
export const verificationIdOf = (verificationSid: string): string => `vf_${verificationSid.slice(2)}`;

/** A stable sid for a verification's n-th delivery attempt (Twilio's `attempt_sid`). */
export const attemptSidOf = (verificationId: string, attempt: number): string =>
  `VL${createHash('sha256').update(`${verificationId}:${attempt}`).digest('hex').slice(0, 32)}`;

/** The Tessera tenant that holds a Service's verifications and policy: the sid in lower case (a valid tenant id). */
export const serviceTenantIdOf = (serviceSid: string): string => serviceSid.toLowerCase();

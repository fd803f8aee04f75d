import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DomainError } from './domain-error';
import { ErrorCodes } from './error-codes';
import type { Channel } from './topics';

export interface Destination {
  kind: 'phone' | 'email';
  /** E.164 for phones, lower-cased address for emails. */
  value: string;
  country: string | null;
}

const EMAIL =
  /^[^\s@"<>()[\]\\,;:]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export const channelKind = (channel: Channel): Destination['kind'] => (channel === 'email' ? 'email' : 'phone');

/**
 * The destination as routing sees it, before any plan is known: an address with `@` is an email, anything else
 * a phone number. Lenient: what does not parse is only trimmed (the otp-service refuses it later).
 */
export function routingDestination(to: string): string {
  const trimmed = to.trim();
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  return parsePhoneNumberFromString(trimmed)?.number ?? trimmed;
}

/** Validates and normalises a destination for a plan; every channel of the plan must reach it. */
export function normaliseDestination(to: string, plan: readonly Channel[]): Destination {
  const kinds = new Set(plan.map(channelKind));
  if (kinds.size > 1) {
    throw new DomainError(ErrorCodes.validation, 'a plan cannot mix email with phone channels for one destination');
  }
  const kind = [...kinds][0];
  if (kind === 'email') {
    const value = to.trim().toLowerCase();
    if (value.length > 254 || !EMAIL.test(value)) {
      throw new DomainError(ErrorCodes.invalidRecipient, 'to: not a valid email address', undefined, { field: 'to' });
    }
    return { kind, value, country: null };
  }
  const phone = parsePhoneNumberFromString(to.trim());
  if (!phone || !phone.isValid()) {
    throw new DomainError(
      ErrorCodes.invalidRecipient,
      'to: not a valid phone number in E.164 form (+country…)',
      undefined,
      {
        field: 'to',
      },
    );
  }
  return { kind, value: phone.number, country: phone.country ?? null };
}

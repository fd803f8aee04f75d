import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DomainError } from './domain-error';
import { ErrorCodes } from './error-codes';
import { Channels, type Channel } from './topics';

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
    throw new DomainError(
      ErrorCodes.invalidRecipient,
      'a plan cannot mix email with phone channels for one destination',
    );
  }
  const kind = [...kinds][0];
  if (kind === 'email') {
    const value = to.trim().toLowerCase();
    if (value.length > 254 || !EMAIL.test(value)) throw invalidRecipient(to, plan, 'not a valid email address');
    return { kind, value, country: null };
  }
  const phone = parsePhoneNumberFromString(to.trim());
  if (!phone || !phone.isValid())
    throw invalidRecipient(to, plan, 'not a valid phone number in E.164 form (+country…)');
  return { kind, value: phone.number, country: phone.country ?? null };
}

const KIND_NAMES: Readonly<Record<Destination['kind'], { one: string; many: string }>> = {
  phone: { one: 'a phone number', many: 'phone numbers' },
  email: { one: 'an email address', many: 'email addresses' },
};

/** What `to` looks like, whatever the plan: an email address, a valid phone number, or neither. */
function apparentKind(to: string): Destination['kind'] | null {
  const trimmed = to.trim();
  if (EMAIL.test(trimmed)) return 'email';
  return parsePhoneNumberFromString(trimmed)?.isValid() ? 'phone' : null;
}

/**
 * The refusal of a destination the plan cannot reach. When `to` is a good destination of the other kind (an email
 * address for an SMS plan), it says so and names the channels that would take it.
 */
function invalidRecipient(to: string, plan: readonly Channel[], problem: string): DomainError {
  const planKind = channelKind(plan[0]!);
  const looksLike = apparentKind(to);
  let message = `to: ${problem}`;
  if (looksLike && looksLike !== planKind) {
    const takers = Channels.filter((channel) => channelKind(channel) === looksLike);
    const channels = plan.length === 1 ? `channel (${plan[0]}) takes` : `channels (${plan.join(', ')}) take`;
    message =
      `to: looks like ${KIND_NAMES[looksLike].one}, but the plan's ${channels} ${KIND_NAMES[planKind].many}; ` +
      `use channel ${takers.join(' or ')}`;
  }
  return new DomainError(ErrorCodes.invalidRecipient, message, undefined, { field: 'to' });
}

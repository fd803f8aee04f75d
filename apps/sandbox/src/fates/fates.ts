/**
 * The magic destinations: one rule book for every peer (WhatsApp, Twilio, SMPP, SMTP).
 * Phones are judged by the last four digits of the number, emails by the start of the local part.
 * Each peer translates a decision into its own wire (HTTP status, SMPP command_status, SMTP reply).
 */

export type Channel = 'whatsapp' | 'sms' | 'email';

export type PhoneFate = 'deliver' | 'read' | 'fail' | 'never' | 'flaky' | 'slow' | 'down' | 'invalid' | 'hangup';
export type EmailFate = 'deliver' | 'reject' | 'slow' | 'flaky';
export type Fate = PhoneFate | EmailFate;

/** Statuses a message goes through after it was accepted, in the sandbox's neutral vocabulary. */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * What a peer does with one send:
 * - `accept`: answer success (after `delayMs`), then play `lifecycle`, one status callback each; a `hangup` fate
 *   takes the message and plays its lifecycle but closes the connection instead of answering (a provider that
 *   crashed mid-request: the sender cannot know it has the message);
 * - `reject`: refuse at once, permanently (invalid recipient, mailbox unavailable);
 * - `error`: refuse with a transient server error (HTTP 500, ESME_RSYSERR, SMTP 451).
 */
export type FateDecision =
  | { fate: Fate; verdict: 'accept'; delayMs: number; lifecycle: DeliveryStatus[] }
  | { fate: Fate; verdict: 'reject' | 'error'; delayMs: 0; lifecycle: [] };

/** Sends to a `flaky` destination that fail before one succeeds (then the count starts again). */
export const FLAKY_FAILURES = 2;

const PHONE_FATES: Readonly<Record<string, PhoneFate>> = {
  '0002': 'read',
  '0003': 'fail',
  '0004': 'never',
  '0005': 'flaky',
  '0006': 'slow',
  '0007': 'down',
  '0008': 'invalid',
  '0009': 'hangup',
};

/** Fates for one channel only (the number works elsewhere): for fallback demos, e.g. "not a WhatsApp user". */
const CHANNEL_PHONE_FATES: Readonly<Record<string, Partial<Record<Channel, PhoneFate>>>> = {
  '0013': { whatsapp: 'fail' },
  '0014': { whatsapp: 'never' },
};

const EMAIL_PREFIXES: ReadonlyArray<[string, EmailFate]> = [
  ['fail', 'reject'],
  ['slow', 'slow'],
  ['flaky', 'flaky'],
];

export const digitsOf = (phone: string): string => phone.replace(/\D/g, '');

/** The fate of a phone number: decided by its last four digits (`+1 555 000 0003` → `fail`). */
export function phoneFate(phone: string, channel?: Channel): PhoneFate {
  const digits = digitsOf(phone);
  if (digits.length < 4) return 'deliver';
  const suffix = digits.slice(-4);
  if (CHANNEL_PHONE_FATES[suffix]) return (channel && CHANNEL_PHONE_FATES[suffix][channel]) ?? 'deliver';
  return PHONE_FATES[suffix] ?? 'deliver';
}

/** The fate of an email address: decided by how its local part starts, ignoring case (`Flaky+1@x.test` → `flaky`). */
export function emailFate(address: string): EmailFate {
  const localPart = address.trim().toLowerCase().split('@')[0] ?? '';
  return EMAIL_PREFIXES.find(([prefix]) => localPart.startsWith(prefix))?.[1] ?? 'deliver';
}

/** The statuses an accepted message goes through. SMS and email have no `read`: a read number just gets `delivered`. */
export function lifecycleOf(fate: Fate, channel: Channel): DeliveryStatus[] {
  if (channel === 'email') return [];
  switch (fate) {
    case 'read':
      return channel === 'whatsapp' ? ['sent', 'delivered', 'read'] : ['sent', 'delivered'];
    case 'fail':
      return ['failed'];
    case 'never':
      return ['sent'];
    default:
      return ['sent', 'delivered'];
  }
}

/**
 * The decision for one send, given how many sends to this destination already failed as `flaky`
 * (`flakyFailuresSoFar`, kept by the caller). Pure: the counting lives in {@link FateBook}.
 */
export function decide(
  channel: Channel,
  destination: string,
  flakyFailuresSoFar: number,
  slowDelayMs: number,
): FateDecision {
  const fate: Fate = channel === 'email' ? emailFate(destination) : phoneFate(destination, channel);
  switch (fate) {
    case 'invalid':
    case 'reject':
      return { fate, verdict: 'reject', delayMs: 0, lifecycle: [] };
    case 'down':
      return { fate, verdict: 'error', delayMs: 0, lifecycle: [] };
    case 'flaky':
      if (flakyFailuresSoFar < FLAKY_FAILURES) return { fate, verdict: 'error', delayMs: 0, lifecycle: [] };
      break;
  }
  return { fate, verdict: 'accept', delayMs: fate === 'slow' ? slowDelayMs : 0, lifecycle: lifecycleOf(fate, channel) };
}

import type { Channel, Fate } from '../fates/fates';

export type Provider = 'meta' | 'twilio' | 'smpp' | 'smtp';

/**
 * What became of a send when it arrived: `accepted` (success answered), `rejected` (refused for good:
 * invalid recipient, bad input, 550) or `error` (refused with a transient error: HTTP 500, ESME_RSYSERR, 451).
 */
export type Outcome = 'accepted' | 'rejected' | 'error';

export interface StatusEntry {
  /** `accepted` | `rejected` | `error` first, then `sent`, `delivered`, `read` or `failed` as they happen. */
  status: string;
  at: string;
  /** On `failed`: the error the provider reported with it (131026, 30003, UNDELIV:003). */
  errorCode?: string;
}

/** One status callback (webhook, StatusCallback or delivery receipt) and how the receiver answered it. */
export interface CallbackEntry {
  status: string;
  target: string;
  attempts: number;
  /** HTTP status of the last attempt, null when unreachable or not HTTP (SMPP). */
  responseStatus: number | null;
  ok: boolean;
  at: string;
}

export interface InboxMessage {
  id: string;
  channel: Channel;
  provider: Provider;
  to: string;
  from?: string;
  text: string;
  subject?: string;
  html?: string;
  /** First run of 4–10 digits in the text (or the template parameters): a convenience for tests. */
  code: string | null;
  /** The verification the sender tagged the message with (see message-verification.ts), or null. */
  verificationId: string | null;
  /** The id the provider answered (wamid, SM…, SMPP message_id); null when the send was refused. */
  providerMessageId: string | null;
  fate: Fate;
  outcome: Outcome;
  /** Why it was refused, in the provider's terms. */
  error?: { code: string | number; message: string };
  statuses: StatusEntry[];
  callbacks: CallbackEntry[];
  receivedAt: string;
  /** What arrived, as received (JSON body, form fields, PDU fields, envelope + headers + source). */
  raw: unknown;
}

/** What a peer hands to the inbox; the inbox fills id, code, verificationId, statuses, callbacks and receivedAt. */
export type NewInboxMessage = Omit<
  InboxMessage,
  'id' | 'code' | 'verificationId' | 'statuses' | 'callbacks' | 'receivedAt'
> & {
  /** Text to search the code in when it is not (only) in `text`, e.g. WhatsApp template parameters. */
  codeSource?: string;
};

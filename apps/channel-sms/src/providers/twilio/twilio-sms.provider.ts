import {
  postToProvider,
  RetryableProviderError,
  unansweredSendError,
  type ChannelProvider,
  type OutboundMessage,
  type SendReceipt,
} from '@tessera/channel-kit';
import { statusCallbackUrlFor } from './twilio-callback-url';
import { twilioSendError } from './twilio-error-map';

export interface TwilioSmsSettings {
  /** e.g. `https://api.twilio.com`, no trailing slash. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender: a number, short code or alphanumeric id; and/or a Messaging Service. At least one. */
  from?: string;
  messagingServiceSid?: string;
  /** Where Twilio posts sent/delivered/undelivered/failed; each message's StatusCallback adds its ref to the query. */
  statusCallbackUrl: string;
  timeoutMs: number;
}

/** Twilio keeps an unsent message queued at most this long (its ValidityPeriod limit, seconds). */
const MAX_VALIDITY_SECONDS = 36000;

/**
 * Sends through Twilio's Messages API (2010-04-01): a form POST with Basic auth, answered 201 with the
 * message sid. Twilio's error codes decide retryable (429/20429, 5xx, timeouts, network) or permanent
 * (21211 invalid number, 21614 not mobile, 21408 region, 21610 unsubscribed…). The message may wait in
 * Twilio's queue no longer than the code lives (ValidityPeriod). Its StatusCallback URL carries the delivery's ref,
 * so its callbacks name their attempt.
 */
export class TwilioSmsProvider implements ChannelProvider {
  readonly id = 'twilio';
  readonly channel = 'sms' as const;
  readonly receipts = 'in-callback' as const;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(private readonly settings: TwilioSmsSettings) {
    this.endpoint = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    if (this.settings.from) form.set('From', this.settings.from);
    if (this.settings.messagingServiceSid) form.set('MessagingServiceSid', this.settings.messagingServiceSid);
    form.set('StatusCallback', statusCallbackUrlFor(this.settings.statusCallbackUrl, message.ref));
    form.set('ValidityPeriod', String(Math.min(MAX_VALIDITY_SECONDS, Math.max(1, message.ttlSeconds))));

    const answer = await postToProvider(
      this.endpoint,
      {
        authorization: this.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      form.toString(),
      this.settings.timeoutMs,
    );
    if (!answer.answered) {
      throw unansweredSendError(answer, {
        name: 'Twilio',
        timeoutMs: this.settings.timeoutMs,
        timeoutCode: 'twilio_timeout',
        networkCode: 'twilio_network',
      });
    }
    const { status, json: body } = answer;
    if (status < 200 || status >= 300) throw twilioSendError(status, body, answer.retryAfter);
    const sid = (body as { sid?: unknown } | null)?.sid;
    if (typeof sid !== 'string' || sid === '') {
      throw new RetryableProviderError(`Twilio ${status} without a message sid`, 'twilio_bad_response');
    }
    return { providerMessageId: sid, status: 'sent' };
  }
}

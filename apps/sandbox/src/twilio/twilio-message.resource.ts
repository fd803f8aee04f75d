import { randomBytes } from 'node:crypto';

export const newMessageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

export type TwilioStatus = 'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** Twilio's date format: RFC 2822 with a numeric zone, `Thu, 30 Jul 2015 20:12:31 +0000`. */
export const twilioDate = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');

/** GSM-7 fits 160 characters (153 per part); anything else is UCS-2: 70 (67 per part). Close enough for a sandbox. */
export function segmentsOf(body: string): number {
  const gsm = /^[\x20-\x7E\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]*$/.test(body);
  const [single, part] = gsm ? [160, 153] : [70, 67];
  const length = [...body].length;
  return length <= single ? 1 : Math.ceil(length / part);
}

export interface TwilioMessageInput {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  status: TwilioStatus;
  errorCode: number | null;
  created: Date;
  updated: Date;
}

/** The Message resource as the 2010-04-01 API renders it. */
export function twilioMessageResource(m: TwilioMessageInput): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}`;
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: twilioDate(m.created),
    date_sent: m.status === 'queued' || m.status === 'accepted' ? null : twilioDate(m.updated),
    date_updated: twilioDate(m.updated),
    direction: 'outbound-api',
    error_code: m.errorCode,
    error_message: m.errorCode === null ? null : 'Unreachable destination handset',
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: String(segmentsOf(m.body)),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: m.to,
    uri: `${uri}.json`,
  };
}

import { twilioError, type TwilioErrorBody } from './twilio-errors';

export interface TwilioSendForm {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

const first = (value: unknown): string | undefined =>
  Array.isArray(value) ? first(value[0]) : typeof value === 'string' ? value : undefined;

const isE164ish = (to: string): boolean => /^\+?[1-9]\d{6,14}$/.test(to.replace(/[\s().-]/g, ''));

const isHttpUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** Reads the Messages.json form the way Twilio checks it, answering Twilio's error for the first problem. */
export function readTwilioSendForm(form: unknown): TwilioSendForm | TwilioErrorBody {
  const fields = (typeof form === 'object' && form !== null ? form : {}) as Record<string, unknown>;
  const to = first(fields.To)?.trim();
  const from = first(fields.From)?.trim() || null;
  const messagingServiceSid = first(fields.MessagingServiceSid)?.trim() || null;
  const body = first(fields.Body) ?? '';
  const statusCallback = first(fields.StatusCallback)?.trim() || null;
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!isE164ish(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from && !messagingServiceSid)
    return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
  if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) {
    return twilioError(400, 21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
  }
  if (!body) return twilioError(400, 21602, 'Message body is required.');
  if (body.length > 1600)
    return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (statusCallback && !isHttpUrl(statusCallback))
    return twilioError(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  return { to, from, messagingServiceSid, body, statusCallback };
}

export const isTwilioError = (value: TwilioSendForm | TwilioErrorBody): value is TwilioErrorBody => 'code' in value;

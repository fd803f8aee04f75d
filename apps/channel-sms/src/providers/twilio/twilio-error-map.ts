import { PermanentProviderError, RetryableProviderError } from '@tessera/channel-kit';
import { maskDestination } from '@tessera/observability';

/**
 * Twilio REST error codes that a later attempt may get through: rate limits (20429), the From number's queue
 * being full (21611) and Twilio's own outages (20500, 20503). Any other 4xx answer is permanent for the message:
 * an invalid or unreachable number (21211, 21612, 21614), a region not enabled (21408), an unsubscribed
 * recipient (21610), a body Twilio refuses (21617), or this deployment's own credentials or sender (20003, 21606,
 * 21603): retrying the same request cannot help, so the otp-service falls back to the next channel at once.
 */
const RETRYABLE_REST_CODES = new Set([20429, 21611, 20500, 20503]);

/**
 * Message status error codes (`ErrorCode` of an `undelivered` or `failed` callback) that say this number will
 * not get an SMS whatever we retry: unreachable or unknown handset (30003, 30005), landline or unreachable
 * carrier (30006), blocked or filtered (30004, 30007), the account or sender unable to send (30002, 30032,
 * 30034), an unsubscribed recipient (21610) or an invalid number (21211, 21612, 21614). Others (30001 queue
 * overflow, 30008 unknown error, …) are treated as transient.
 */
// prettier-ignore
const PERMANENT_DELIVERY_CODES = new Set([
  '21211', '21408', '21610', '21612', '21614',
  '30002', '30003', '30004', '30005', '30006', '30007', '30032', '30034',
]);

export interface TwilioErrorBody {
  code?: unknown;
  message?: unknown;
}

/** Digits that could be a phone number or a code never leave this boundary in an error message. */
export function scrubDigits(text: string): string {
  return text.replace(/\+?\d{4,}/g, (digits) => maskDestination(digits));
}

/** Milliseconds from a `Retry-After` header (seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The provider error for a non-2xx answer of POST …/Messages.json. */
export function twilioSendError(
  httpStatus: number,
  body: unknown,
  retryAfter: string | null,
  now = Date.now(),
): RetryableProviderError | PermanentProviderError {
  const error = (typeof body === 'object' && body !== null ? body : {}) as TwilioErrorBody;
  const code = typeof error.code === 'number' && Number.isInteger(error.code) ? error.code : null;
  const vendorCode = code !== null ? String(code) : `http_${httpStatus}`;
  const detail = typeof error.message === 'string' ? `: ${scrubDigits(error.message).slice(0, 300)}` : '';
  const message = `Twilio ${httpStatus}${code !== null ? ` error ${code}` : ''}${detail}`;
  const retryable =
    httpStatus === 429 || httpStatus >= 500 || httpStatus === 408 || (code !== null && RETRYABLE_REST_CODES.has(code));
  if (retryable) return new RetryableProviderError(message, vendorCode, retryAfterMs(retryAfter, now));
  return new PermanentProviderError(message, vendorCode);
}

/** Whether an `undelivered`/`failed` status with this ErrorCode means this number cannot get the SMS. */
export function isPermanentDeliveryError(errorCode: string | null): boolean {
  return errorCode !== null && PERMANENT_DELIVERY_CODES.has(errorCode);
}

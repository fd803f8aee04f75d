import { PermanentProviderError, RetryableProviderError } from '@tessera/channel-kit';

/**
 * Meta error codes (Graph API and WhatsApp Cloud API) that mean "the same message may be accepted later":
 * throughput and rate limits, and Meta's own transient failures.
 */
const RETRYABLE_CODES: ReadonlyMap<number, string> = new Map([
  [1, 'API unknown (possibly temporary)'],
  [2, 'API service temporarily unavailable'],
  [4, 'application request limit reached'],
  [17, 'user request limit reached'],
  [32, 'page request limit reached'],
  [613, 'calls within one hour exceeded'],
  [80007, 'WhatsApp Business Account rate limit'],
  [130429, 'Cloud API throughput limit reached'],
  [131000, 'something went wrong'],
  [131016, 'service temporarily unavailable'],
  [131048, 'spam rate limit hit'],
  [131056, 'too many messages to this recipient (pair rate limit)'],
  [133004, 'server temporarily unavailable'],
]);

/**
 * Codes that mean "this message will never go out on WhatsApp as it is": the recipient, the template or our
 * account is the problem. Retrying cannot help; the otp-service falls back to the next channel.
 */
const PERMANENT_CODES: ReadonlyMap<number, string> = new Map([
  [0, 'authentication exception'],
  [3, 'capability not available to this app'],
  [10, 'permission denied'],
  [100, 'invalid parameter'],
  [190, 'access token expired or invalid'],
  [368, 'temporarily blocked for policy violations'],
  [130472, "recipient's number is part of an experiment"],
  [131008, 'required parameter missing'],
  [131009, 'parameter value not valid'],
  [131021, 'recipient cannot be the sender'],
  [131026, 'message undeliverable (not a WhatsApp user, or cannot receive this message)'],
  [131030, 'recipient phone number not in allowed list'],
  [131031, 'business account locked'],
  [131037, 'display name not approved'],
  [131042, 'business eligibility (payment) issue'],
  [131045, 'phone number certificate incorrect'],
  [131047, 're-engagement message (outside the 24-hour window)'],
  [131049, 'not delivered to maintain ecosystem engagement'],
  [131050, 'recipient stopped marketing messages'],
  [131051, 'unsupported message type'],
  [131052, 'media download error'],
  [131053, 'media upload error'],
  [132000, 'template parameter count mismatch'],
  [132001, 'template does not exist in this language'],
  [132005, 'template hydrated text too long'],
  [132007, 'template format character policy violated'],
  [132012, 'template parameter format mismatch'],
  [132015, 'template paused'],
  [132016, 'template disabled'],
  [133010, 'phone number not registered'],
]);

/** Graph API permission errors occupy 200-299. */
const isPermissionCode = (code: number): boolean => code >= 200 && code <= 299;

export type MetaErrorKind = 'retryable' | 'permanent';

/**
 * What a refused send means. HTTP 429 is always "later"; a known Meta code decides next; an unknown code is
 * retried when the HTTP status is 5xx or Meta flags it `is_transient`, and is permanent otherwise (a 4xx).
 */
export function classifyMetaError(httpStatus: number, code: number | null, isTransient = false): MetaErrorKind {
  if (httpStatus === 429) return 'retryable';
  if (code !== null) {
    if (RETRYABLE_CODES.has(code)) return 'retryable';
    if (PERMANENT_CODES.has(code) || isPermissionCode(code)) return 'permanent';
  }
  return httpStatus >= 500 || isTransient ? 'retryable' : 'permanent';
}

/**
 * For a `failed` status callback: the message is already lost, so the question is only whether WhatsApp could
 * take it again later (rate limits, Meta's transient failures) or never will (131026 and most others).
 */
export function isPermanentDeliveryFailure(code: number | null): boolean {
  return code === null || !RETRYABLE_CODES.has(code);
}

/** Meta's error body: `{"error":{"message","type","code","error_subcode","error_data":{"details"},"is_transient","fbtrace_id"}}`. */
export interface MetaErrorDetails {
  code: number | null;
  message: string | null;
  details: string | null;
  isTransient: boolean;
}

export function readMetaError(body: unknown): MetaErrorDetails {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const errorData = isRecord(error.error_data) ? error.error_data : {};
  return {
    code: typeof error.code === 'number' && Number.isInteger(error.code) ? error.code : null,
    message: typeof error.message === 'string' ? error.message : null,
    details: typeof errorData.details === 'string' ? errorData.details : null,
    isTransient: error.is_transient === true,
  };
}

export interface RefusedSend {
  httpStatus: number;
  /** The parsed JSON body, or null when it was not JSON. */
  body: unknown;
  retryAfterMs: number | null;
  /** Removes what must not travel in error messages (the code, the phone number). */
  scrub: (text: string) => string;
}

/** Translates a non-2xx answer of `POST /{phone-number-id}/messages` into a provider error with Meta's code. */
export function metaSendError(refused: RefusedSend): RetryableProviderError | PermanentProviderError {
  const meta = readMetaError(refused.body);
  const kind = classifyMetaError(refused.httpStatus, meta.code, meta.isTransient);
  const known = meta.code === null ? undefined : (RETRYABLE_CODES.get(meta.code) ?? PERMANENT_CODES.get(meta.code));
  const reason = [meta.message ?? known ?? 'no error body', meta.details].filter(Boolean).join(': ');
  const message = refused.scrub(`Meta HTTP ${refused.httpStatus}: ${reason}`).slice(0, 400);
  const vendorCode = meta.code === null ? `http_${refused.httpStatus}` : String(meta.code);
  return kind === 'retryable'
    ? new RetryableProviderError(message, vendorCode, refused.retryAfterMs)
    : new PermanentProviderError(message, vendorCode);
}

/** Longest wait a `Retry-After` may impose on one delivery (no code lives longer than 10 minutes). */
export const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`, capped; null when absent or invalid. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { ZodError } from 'zod';
import { DomainError, ErrorCodes, type ErrorCode } from '@tessera/contracts';

/** Twilio's error codes that /v2 answers with, and the HTTP status Twilio gives each. */
export const TwilioErrorCodes = {
  authenticate: 20003,
  forbidden: 20403,
  notFound: 20404,
  tooManyRequests: 20429,
  internal: 20500,
  unavailable: 20503,
  invalidParameter: 60200,
  maxCheckAttempts: 60202,
  maxSendAttempts: 60203,
  featureNotSupported: 60204,
  concurrentRequests: 60212,
  channelDisabled: 60223,
  deliveryBlocked: 60605,
} as const;
export type TwilioErrorCode = (typeof TwilioErrorCodes)[keyof typeof TwilioErrorCodes];

const STATUS: Record<TwilioErrorCode, number> = {
  20003: 401,
  20403: 403,
  20404: 404,
  20429: 429,
  20500: 500,
  20503: 503,
  60200: 400,
  60202: 429,
  60203: 429,
  60204: 400,
  60212: 429,
  60223: 400,
  60605: 403,
};

/** The body Twilio sends with every error, and that its SDKs read into their RestException. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** An error /v2 answers in Twilio's shape. `status` defaults to the one Twilio gives the code. */
export class TwilioError extends Error {
  readonly status: number;

  constructor(
    readonly code: TwilioErrorCode,
    message: string,
    status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = status ?? STATUS[code];
  }

  body(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

/**
 * Tessera's domain codes on /v2. An ended verification (approved, expired, canceled, failed) is a bare 20404 as on
 * Twilio, where /v1 names the reason; out of checks is 60202; out of sends (per verification or per destination and
 * hour) is 60203; a resend before its cooldown or a request still in progress is 60212.
 */
const BY_DOMAIN_CODE: Partial<Record<ErrorCode, TwilioErrorCode>> = {
  [ErrorCodes.validation]: TwilioErrorCodes.invalidParameter,
  [ErrorCodes.malformedJson]: TwilioErrorCodes.invalidParameter,
  [ErrorCodes.payloadTooLarge]: TwilioErrorCodes.invalidParameter,
  [ErrorCodes.unsupportedMediaType]: TwilioErrorCodes.invalidParameter,
  [ErrorCodes.invalidRecipient]: TwilioErrorCodes.invalidParameter,
  [ErrorCodes.unauthorized]: TwilioErrorCodes.authenticate,
  [ErrorCodes.forbidden]: TwilioErrorCodes.forbidden,
  [ErrorCodes.rateLimited]: TwilioErrorCodes.tooManyRequests,
  [ErrorCodes.notFound]: TwilioErrorCodes.notFound,
  [ErrorCodes.tenantNotFound]: TwilioErrorCodes.notFound,
  [ErrorCodes.expired]: TwilioErrorCodes.notFound,
  [ErrorCodes.alreadyApproved]: TwilioErrorCodes.notFound,
  [ErrorCodes.canceled]: TwilioErrorCodes.notFound,
  [ErrorCodes.failed]: TwilioErrorCodes.notFound,
  [ErrorCodes.notPending]: TwilioErrorCodes.notFound,
  [ErrorCodes.maxAttempts]: TwilioErrorCodes.maxCheckAttempts,
  [ErrorCodes.sendLimit]: TwilioErrorCodes.maxSendAttempts,
  [ErrorCodes.destinationLimit]: TwilioErrorCodes.maxSendAttempts,
  [ErrorCodes.resendCooldown]: TwilioErrorCodes.concurrentRequests,
  [ErrorCodes.idempotencyConflict]: TwilioErrorCodes.concurrentRequests,
  [ErrorCodes.channelNotAllowed]: TwilioErrorCodes.channelDisabled,
  [ErrorCodes.countryNotAllowed]: TwilioErrorCodes.deliveryBlocked,
  [ErrorCodes.timeout]: TwilioErrorCodes.unavailable,
  [ErrorCodes.providerUnavailable]: TwilioErrorCodes.unavailable,
};

const MESSAGES: Partial<Record<TwilioErrorCode, string>> = {
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  60202: 'Max check attempts reached',
  60203: 'Max send attempts reached',
  60212: 'Too many concurrent requests for phone number',
};

/**
 * Any error thrown while answering a /v2 request, as a TwilioError. `path` is the request path without `/v2`, for
 * Twilio's 20404 message. Returns null for what is not a known error (the caller logs it and answers 20500).
 */
export function toTwilioError(exception: unknown, path: string): TwilioError | null {
  if (exception instanceof TwilioError) return exception;
  if (exception instanceof ZodError) {
    const issue = exception.issues[0];
    const field = issue?.path.join('.') || 'body';
    return new TwilioError(TwilioErrorCodes.invalidParameter, `Invalid parameter \`${field}\`: ${issue?.message}`);
  }
  if (exception instanceof DomainError) {
    const code = BY_DOMAIN_CODE[exception.code] ?? TwilioErrorCodes.internal;
    if (code === TwilioErrorCodes.notFound) return notFound(path);
    if (code === TwilioErrorCodes.invalidParameter) {
      return new TwilioError(code, `Invalid parameter: ${exception.message}`);
    }
    const message = MESSAGES[code] ? `${MESSAGES[code]}: ${exception.message}` : exception.message;
    return new TwilioError(code, message, undefined, exception.retryAfterSeconds);
  }
  return null;
}

export const notFound = (path: string): TwilioError =>
  new TwilioError(TwilioErrorCodes.notFound, `The requested resource ${path} was not found`);

export const authenticationFailed = (): TwilioError => new TwilioError(TwilioErrorCodes.authenticate, 'Authenticate');

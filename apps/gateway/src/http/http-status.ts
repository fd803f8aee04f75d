import { ErrorCodes, type ErrorCode } from '@tessera/contracts';

/** The one place where domain error codes become HTTP statuses. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCodes.validation]: 400,
  [ErrorCodes.malformedJson]: 400,
  [ErrorCodes.payloadTooLarge]: 413,
  [ErrorCodes.unauthorized]: 401,
  [ErrorCodes.forbidden]: 403,
  [ErrorCodes.rateLimited]: 429,
  [ErrorCodes.notFound]: 404,
  [ErrorCodes.expired]: 410,
  [ErrorCodes.maxAttempts]: 409,
  [ErrorCodes.alreadyApproved]: 409,
  [ErrorCodes.canceled]: 409,
  [ErrorCodes.failed]: 409,
  [ErrorCodes.notPending]: 409,
  [ErrorCodes.resendCooldown]: 429,
  [ErrorCodes.sendLimit]: 429,
  [ErrorCodes.destinationLimit]: 429,
  [ErrorCodes.invalidRecipient]: 422,
  [ErrorCodes.channelNotAllowed]: 422,
  [ErrorCodes.countryNotAllowed]: 422,
  [ErrorCodes.idempotencyConflict]: 422,
  [ErrorCodes.tenantNotFound]: 403,
  [ErrorCodes.busSignatureInvalid]: 500,
  [ErrorCodes.timeout]: 503,
  [ErrorCodes.internal]: 500,
};

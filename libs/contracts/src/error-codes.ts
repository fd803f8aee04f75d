/** Stable, dotted, machine-readable error codes. Clients depend on them: never rename one. */
export const ErrorCodes = {
  validation: 'request.invalid',
  malformedJson: 'request.malformed_json',
  payloadTooLarge: 'request.too_large',
  unauthorized: 'auth.unauthorized',
  forbidden: 'auth.forbidden',
  rateLimited: 'rate_limited',
  notFound: 'verification.not_found',
  expired: 'verification.expired',
  maxAttempts: 'verification.max_attempts',
  alreadyApproved: 'verification.already_approved',
  canceled: 'verification.canceled',
  failed: 'verification.failed',
  notPending: 'verification.not_pending',
  resendCooldown: 'verification.resend_cooldown',
  sendLimit: 'verification.send_limit',
  destinationLimit: 'destination.hourly_limit',
  invalidRecipient: 'delivery.invalid_recipient',
  channelNotAllowed: 'policy.channel_not_allowed',
  countryNotAllowed: 'policy.country_not_allowed',
  idempotencyConflict: 'idempotency.conflict',
  tenantNotFound: 'tenant.not_found',
  busSignatureInvalid: 'bus.signature_invalid',
  timeout: 'upstream.timeout',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

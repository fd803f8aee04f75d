/** The vendor may accept the same message later (rate limit, 5xx, timeout): retry with backoff. */
export class RetryableProviderError extends Error {
  constructor(
    message: string,
    readonly vendorCode: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'RetryableProviderError';
  }
}

/** The vendor will never deliver this message on this channel (bad number, not a WhatsApp user): fall back. */
export class PermanentProviderError extends Error {
  constructor(
    message: string,
    readonly vendorCode: string | null = null,
  ) {
    super(message);
    this.name = 'PermanentProviderError';
  }
}

/**
 * The request reached the vendor but no answer came in time: it may have the message and deliver it. Never
 * retried, since a retry could give the person the same attempt twice. It is reported as sent, unconfirmed; the
 * receipts (they carry the delivery ref) or the plan's step timeout decide what follows.
 */
export class UnconfirmedSendError extends Error {
  constructor(
    message: string,
    readonly vendorCode: string | null = null,
  ) {
    super(message);
    this.name = 'UnconfirmedSendError';
  }
}

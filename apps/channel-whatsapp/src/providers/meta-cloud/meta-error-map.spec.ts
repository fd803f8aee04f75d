import { PermanentProviderError, RetryableProviderError } from '@tessera/channel-kit';
import {
  MAX_RETRY_AFTER_MS,
  classifyMetaError,
  isPermanentDeliveryFailure,
  metaSendError,
  parseRetryAfter,
} from './meta-error-map';

const metaBody = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `(#${code}) something`, type: 'OAuthException', code, fbtrace_id: 'A1', ...extra },
});
const noScrub = (text: string) => text;

describe('classifyMetaError', () => {
  it.each([
    [400, 131026, 'permanent'],
    [400, 131030, 'permanent'],
    [400, 131047, 'permanent'],
    [400, 131051, 'permanent'],
    [400, 132000, 'permanent'],
    [400, 132001, 'permanent'],
    [400, 100, 'permanent'],
    [401, 190, 'permanent'],
    [403, 10, 'permanent'],
    [403, 200, 'permanent'],
    [400, 130429, 'retryable'],
    [400, 131048, 'retryable'],
    [400, 131056, 'retryable'],
    [400, 80007, 'retryable'],
    [400, 4, 'retryable'],
    [500, 131000, 'retryable'],
    [503, 131016, 'retryable'],
    [429, 131026, 'retryable'],
    [429, null, 'retryable'],
    [500, null, 'retryable'],
    [502, 999999, 'retryable'],
    [400, null, 'permanent'],
    [400, 999999, 'permanent'],
  ] as const)('HTTP %s with Meta code %s is %s', (httpStatus, code, expected) => {
    expect(classifyMetaError(httpStatus, code)).toBe(expected);
  });

  it('retries an unknown 4xx code that Meta flags is_transient', () => {
    expect(classifyMetaError(400, 999999, true)).toBe('retryable');
    expect(classifyMetaError(400, 131026, true)).toBe('permanent');
  });
});

describe('metaSendError', () => {
  it('makes a permanent error carrying the vendor code and Meta’s details', () => {
    const error = metaSendError({
      httpStatus: 400,
      body: metaBody(131030, { error_data: { messaging_product: 'whatsapp', details: 'Add recipient to the list' } }),
      retryAfterMs: null,
      scrub: noScrub,
    });
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe('131030');
    expect(error.message).toBe('Meta HTTP 400: (#131030) something: Add recipient to the list');
  });

  it('makes a retryable error that keeps Retry-After', () => {
    const error = metaSendError({ httpStatus: 429, body: metaBody(130429), retryAfterMs: 3000, scrub: noScrub });
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error.vendorCode).toBe('130429');
    expect((error as RetryableProviderError).retryAfterMs).toBe(3000);
  });

  it('names the HTTP status when the body is not Meta’s', () => {
    const error = metaSendError({ httpStatus: 502, body: null, retryAfterMs: null, scrub: noScrub });
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error.vendorCode).toBe('http_502');
  });

  it('passes its message through the scrubber', () => {
    const error = metaSendError({
      httpStatus: 400,
      body: metaBody(100, { error_data: { details: 'bad parameter 482913 for +15550000001' } }),
      retryAfterMs: null,
      scrub: (text) => text.replace('482913', '[code]').replace('+15550000001', '+1555****001'),
    });
    expect(error.message).not.toContain('482913');
    expect(error.message).not.toContain('+15550000001');
  });
});

describe('isPermanentDeliveryFailure (status callbacks)', () => {
  it.each([
    [131026, true],
    [131047, true],
    [131049, true],
    [null, true],
    [131000, false],
    [130429, false],
    [131056, false],
  ] as const)('failed with code %s is permanent: %s', (code, expected) => {
    expect(isPermanentDeliveryFailure(code)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
  });

  it('caps long waits and ignores what it cannot read', () => {
    expect(parseRetryAfter('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

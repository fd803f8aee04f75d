import { PermanentProviderError, RetryableProviderError } from '@tessera/channel-kit';
import { isPermanentDeliveryError, retryAfterMs, scrubDigits, twilioSendError } from './twilio-error-map';

const twilioBody = (code: number, message = 'x') => ({ code, message, more_info: '', status: 400 });

describe('twilioSendError', () => {
  it.each([21211, 21614, 21408, 21610, 21612, 21617, 21603])(
    'makes Twilio %d on a 400 permanent, with the code',
    (code) => {
      const error = twilioSendError(400, twilioBody(code), null);
      expect(error).toBeInstanceOf(PermanentProviderError);
      expect(error.vendorCode).toBe(String(code));
    },
  );

  it('makes bad credentials (401, 20003) permanent: no retry can fix them', () => {
    expect(twilioSendError(401, twilioBody(20003, 'Authenticate'), null)).toBeInstanceOf(PermanentProviderError);
  });

  it('retries 429 / 20429 and respects Retry-After in seconds', () => {
    const error = twilioSendError(429, twilioBody(20429, 'Too Many Requests'), '3');
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error).toMatchObject({ vendorCode: '20429', retryAfterMs: 3000 });
  });

  it('retries a queue-full 21611 even though it comes as a 400', () => {
    expect(twilioSendError(400, twilioBody(21611), null)).toBeInstanceOf(RetryableProviderError);
  });

  it.each([500, 502, 503, 504])('retries HTTP %d, with or without a Twilio body', (status) => {
    expect(twilioSendError(status, twilioBody(20500), null)).toMatchObject({ vendorCode: '20500' });
    const bare = twilioSendError(status, null, null);
    expect(bare).toBeInstanceOf(RetryableProviderError);
    expect(bare.vendorCode).toBe(`http_${status}`);
  });

  it('never lets a phone number through in the message', () => {
    const error = twilioSendError(
      400,
      twilioBody(21211, "The 'To' number +15550000008 is not a valid phone number."),
      null,
    );
    expect(error.message).not.toContain('15550000008');
    expect(error.message).toContain('21211');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});

describe('isPermanentDeliveryError', () => {
  it.each(['30003', '30005', '30006', '30004', '30007', '21610'])('treats status ErrorCode %s as permanent', (code) => {
    expect(isPermanentDeliveryError(code)).toBe(true);
  });

  it.each(['30001', '30008', null])('treats %s as transient', (code) => {
    expect(isPermanentDeliveryError(code)).toBe(false);
  });
});

describe('scrubDigits', () => {
  it('masks runs of four or more digits', () => {
    expect(scrubDigits('to +15550000008, code 482913, error 12')).toBe('to +1555****008, code ******, error 12');
  });
});

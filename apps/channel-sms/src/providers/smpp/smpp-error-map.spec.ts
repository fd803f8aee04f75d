import { PermanentProviderError, RetryableProviderError } from '@tessera/channel-kit';
import { smppStatusName, smppSubmitError } from './smpp-error-map';

describe('smppSubmitError', () => {
  it.each([
    [0x0b, 'ESME_RINVDSTADR'],
    [0x50, 'ESME_RINVDSTTON'],
    [0x51, 'ESME_RINVDSTNPI'],
    [0x0a, 'ESME_RINVSRCADR'],
    [0x104, 'ESME_RINVDCS'],
    [0x66, 'ESME_RX_R_APPN'],
  ])('makes 0x%s permanent as %s', (status, name) => {
    const error = smppSubmitError(status);
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe(name);
  });

  it.each([
    [0x08, 'ESME_RSYSERR', null],
    [0x58, 'ESME_RTHROTTLED', 1000],
    [0x14, 'ESME_RMSGQFUL', 1000],
    [0x64, 'ESME_RX_T_APPN', null],
    [0x04, 'ESME_RINVBNDSTS', null],
  ])('retries 0x%s (%s)', (status, name, retryAfterMs) => {
    const error = smppSubmitError(status);
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error).toMatchObject({ vendorCode: name, retryAfterMs });
  });

  it('retries a status it does not know, naming it in hex', () => {
    const error = smppSubmitError(0x400);
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error.vendorCode).toBe('ESME_0x00000400');
    expect(smppStatusName(0x0b)).toBe('ESME_RINVDSTADR');
  });
});

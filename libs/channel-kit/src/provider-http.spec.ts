import { RetryableProviderError, UnconfirmedSendError } from './provider-errors';
import { unansweredSendError } from './provider-http';

const twilio = { name: 'Twilio', timeoutMs: 5000, timeoutCode: 'twilio_timeout', networkCode: 'twilio_network' };

describe('unansweredSendError', () => {
  it('does not retry a timeout (the provider may have the message): the send is left unconfirmed', () => {
    const error = unansweredSendError(
      { answered: false, failure: 'timed_out', reason: 'no answer within 5000 ms' },
      twilio,
    );
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error).toMatchObject({ vendorCode: 'twilio_timeout', message: 'Twilio did not answer within 5000 ms' });
  });

  it('does not retry a connection lost before the answer (the provider may have taken the message): unconfirmed', () => {
    const error = unansweredSendError(
      { answered: false, failure: 'connection_lost', reason: 'UND_ERR_SOCKET' },
      twilio,
    );
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error).toMatchObject({ vendorCode: 'twilio_network' });
    expect(error.message).toContain('UND_ERR_SOCKET');
  });

  it('retries a connection never made, naming its cause, through the scrubber', () => {
    const error = unansweredSendError(
      { answered: false, failure: 'not_connected', reason: 'ECONNREFUSED 15550001234' },
      twilio,
      (text) => text.replace('15550001234', '***'),
    );
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error).toMatchObject({ vendorCode: 'twilio_network', message: 'Twilio unreachable: ECONNREFUSED ***' });
  });
});

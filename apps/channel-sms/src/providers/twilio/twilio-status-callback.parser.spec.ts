import { readTwilioStatusCallback } from './twilio-status-callback.parser';

const at = new Date('2026-01-01T00:00:00Z');
const callback = (MessageStatus: string, extra: Record<string, string> = {}) => ({
  AccountSid: 'ACsandbox0000000000000000000000000',
  ApiVersion: '2010-04-01',
  From: '+15005550006',
  MessageSid: 'SM0123',
  MessageStatus,
  SmsSid: 'SM0123',
  SmsStatus: MessageStatus,
  To: '+15550000001',
  ...extra,
});

describe('readTwilioStatusCallback', () => {
  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
  ])('maps %s to %s', (twilio, status) => {
    expect(readTwilioStatusCallback(callback(twilio), null, at)).toEqual({
      kind: 'report',
      report: {
        providerMessageId: 'SM0123',
        status,
        errorCode: null,
        errorMessage: null,
        permanent: false,
        at,
        delivery: null,
      },
    });
  });

  it('maps undelivered with ErrorCode 30003 to a permanent failure carrying the code', () => {
    expect(readTwilioStatusCallback(callback('undelivered', { ErrorCode: '30003' }), null, at)).toEqual({
      kind: 'report',
      report: {
        providerMessageId: 'SM0123',
        status: 'failed',
        errorCode: '30003',
        errorMessage: 'Twilio undelivered (error 30003)',
        permanent: true,
        at,
        delivery: null,
      },
    });
  });

  it('maps failed with a transient code (30008) to a failure that is not permanent', () => {
    const reading = readTwilioStatusCallback(callback('failed', { ErrorCode: '30008' }), null, at);
    expect(reading).toMatchObject({
      kind: 'report',
      report: { status: 'failed', errorCode: '30008', permanent: false },
    });
  });

  it('names a failure without ErrorCode after the status', () => {
    const reading = readTwilioStatusCallback(callback('failed'), null, at);
    expect(reading).toMatchObject({ report: { errorCode: 'twilio_failed', permanent: false } });
  });

  it('passes on the delivery ref the callback URL carried', () => {
    const ref = { tenantId: 'acme', verificationId: `vf_${'1'.repeat(32)}`, attempt: 2, requestedAt: at };
    expect(readTwilioStatusCallback(callback('delivered'), ref, at)).toMatchObject({ report: { delivery: ref } });
  });

  it.each(['queued', 'accepted', 'sending', 'scheduled'])('ignores the intermediate status %s', (status) => {
    expect(readTwilioStatusCallback(callback(status), null, at)).toEqual({ kind: 'ignored', status });
  });

  it('refuses a form without MessageSid or MessageStatus', () => {
    expect(readTwilioStatusCallback({ To: '+15550000001' }, null, at)).toMatchObject({ kind: 'invalid' });
  });
});

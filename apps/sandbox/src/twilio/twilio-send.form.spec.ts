import { readTwilioSendForm } from './twilio-send.form';

describe('readTwilioSendForm', () => {
  const valid = { To: '+15550000001', From: '+15557654321', Body: 'Your code is 1234' };

  it('reads a valid form', () => {
    expect(readTwilioSendForm({ ...valid, StatusCallback: 'http://127.0.0.1:3003/cb?x=1' })).toEqual({
      to: '+15550000001',
      from: '+15557654321',
      messagingServiceSid: null,
      body: 'Your code is 1234',
      statusCallback: 'http://127.0.0.1:3003/cb?x=1',
    });
  });

  it('takes a MessagingServiceSid instead of From', () => {
    const form = readTwilioSendForm({ To: valid.To, Body: 'x', MessagingServiceSid: `MG${'a'.repeat(32)}` });
    expect(form).toMatchObject({ from: null, messagingServiceSid: `MG${'a'.repeat(32)}` });
  });

  it.each([
    [{ ...valid, To: undefined }, 21604],
    [{ ...valid, To: 'not-a-number' }, 21211],
    [{ ...valid, To: '+0123' }, 21211],
    [{ ...valid, From: undefined }, 21603],
    [{ ...valid, From: undefined, MessagingServiceSid: 'MG1' }, 21701],
    [{ ...valid, Body: '' }, 21602],
    [{ ...valid, Body: 'x'.repeat(1601) }, 21617],
    [{ ...valid, StatusCallback: 'ftp://x' }, 21609],
  ])('answers Twilio’s error for %j: %d', (form, code) => {
    expect(readTwilioSendForm(form)).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
  });

  it('takes the first of repeated fields', () => {
    expect(readTwilioSendForm({ ...valid, Body: ['first 1234', 'second'] })).toMatchObject({ body: 'first 1234' });
  });
});

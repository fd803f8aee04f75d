import { decide, emailFate, FLAKY_FAILURES, lifecycleOf, phoneFate } from './fates';

describe('phoneFate', () => {
  it.each([
    ['+15550000002', 'read'],
    ['+15550000003', 'fail'],
    ['+15550000004', 'never'],
    ['+15550000005', 'flaky'],
    ['+15550000006', 'slow'],
    ['+15550000007', 'down'],
    ['+15550000008', 'invalid'],
    ['+15550000001', 'deliver'],
    ['+15550000009', 'hangup'],
    ['+15550000019', 'deliver'],
    ['+15550010002', 'read'],
  ])('decides %s by its last four digits: %s', (phone, fate) => {
    expect(phoneFate(phone)).toBe(fate);
  });

  it('ignores formatting around the digits', () => {
    expect(phoneFate('+1 (555) 000-0003')).toBe('fail');
    expect(phoneFate('1555 000 0007')).toBe('down');
  });

  it('only looks at the last four digits, wherever else the pattern appears', () => {
    expect(phoneFate('+15551230002')).toBe('read');
    expect(phoneFate('+15550002999')).toBe('deliver');
    expect(phoneFate('+15550000020')).toBe('deliver');
  });

  it('delivers numbers shorter than four digits', () => {
    expect(phoneFate('002')).toBe('deliver');
  });
});

describe('emailFate', () => {
  it.each([
    ['fail@example.test', 'reject'],
    ['failing.user+1@example.test', 'reject'],
    ['Slow@Example.Test', 'slow'],
    ['flaky-7@example.test', 'flaky'],
    ['ada@example.test', 'deliver'],
    ['nofail@example.test', 'deliver'],
  ])('decides %s by the start of its local part: %s', (address, fate) => {
    expect(emailFate(address)).toBe(fate);
  });

  it('does not look at the domain', () => {
    expect(emailFate('ada@fail.example.test')).toBe('deliver');
  });
});

describe('lifecycleOf', () => {
  it('plays sent, delivered and read for a WhatsApp read fate', () => {
    expect(lifecycleOf('read', 'whatsapp')).toEqual(['sent', 'delivered', 'read']);
  });

  it('stops at delivered for SMS, which has no read receipts', () => {
    expect(lifecycleOf('read', 'sms')).toEqual(['sent', 'delivered']);
  });

  it('fails a fail fate and leaves a never fate at sent', () => {
    expect(lifecycleOf('fail', 'sms')).toEqual(['failed']);
    expect(lifecycleOf('never', 'whatsapp')).toEqual(['sent']);
  });

  it('plays nothing for email', () => {
    expect(lifecycleOf('deliver', 'email')).toEqual([]);
  });
});

describe('decide', () => {
  it('accepts a hangup number (the peer then closes the connection instead of answering) and delivers it', () => {
    expect(decide('whatsapp', '+15550000009', 0, 2000)).toEqual({
      fate: 'hangup',
      verdict: 'accept',
      delayMs: 0,
      lifecycle: ['sent', 'delivered'],
    });
  });

  it('accepts an ordinary number at once and delivers it', () => {
    expect(decide('sms', '+15550000001', 0, 2000)).toEqual({
      fate: 'deliver',
      verdict: 'accept',
      delayMs: 0,
      lifecycle: ['sent', 'delivered'],
    });
  });

  it('holds a slow destination for the slow delay', () => {
    expect(decide('whatsapp', '+15550000006', 0, 1234)).toMatchObject({ verdict: 'accept', delayMs: 1234 });
    expect(decide('email', 'slow@example.test', 0, 1234)).toMatchObject({ verdict: 'accept', delayMs: 1234 });
  });

  it('rejects invalid numbers and fail… addresses permanently', () => {
    expect(decide('sms', '+15550000008', 0, 0).verdict).toBe('reject');
    expect(decide('email', 'fail@example.test', 0, 0).verdict).toBe('reject');
  });

  it('always answers a down number with a transient error', () => {
    expect(decide('whatsapp', '+15550000007', 99, 0).verdict).toBe('error');
  });

  it(`fails a flaky destination ${FLAKY_FAILURES} times, then accepts it`, () => {
    expect(decide('sms', '+15550000005', 0, 0).verdict).toBe('error');
    expect(decide('sms', '+15550000005', 1, 0).verdict).toBe('error');
    expect(decide('sms', '+15550000005', 2, 0)).toMatchObject({ verdict: 'accept', lifecycle: ['sent', 'delivered'] });
    expect(decide('email', 'flaky@example.test', 2, 0).verdict).toBe('accept');
  });
});

describe('channel-specific fates', () => {
  it('fails 0013 on WhatsApp only and keeps 0014 silent on WhatsApp only', () => {
    expect(phoneFate('+447911230013', 'whatsapp')).toBe('fail');
    expect(phoneFate('+447911230013', 'sms')).toBe('deliver');
    expect(phoneFate('+447911230014', 'whatsapp')).toBe('never');
    expect(phoneFate('+447911230014', 'sms')).toBe('deliver');
  });
});

import { DomainError } from './domain-error';
import { ErrorCodes } from './error-codes';
import { normaliseDestination } from './destination';

const refusal = (to: string, plan: Parameters<typeof normaliseDestination>[1]): DomainError => {
  try {
    normaliseDestination(to, plan);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${to} was accepted for ${plan.join(',')}`);
};

describe('normaliseDestination', () => {
  it('normalises a phone number to E.164 and an email address to lower case', () => {
    expect(normaliseDestination(' +33 6 12 34 56 78 ', ['whatsapp', 'sms'])).toEqual({
      kind: 'phone',
      value: '+33612345678',
      country: 'FR',
    });
    expect(normaliseDestination('Ada@Example.COM', ['email'])).toEqual({
      kind: 'email',
      value: 'ada@example.com',
      country: null,
    });
  });

  it('names the email channel when an SMS plan is given an email address', () => {
    const error = refusal('ada@example.com', ['sms']);
    expect(error.code).toBe(ErrorCodes.invalidRecipient);
    expect(error.message).toBe(
      "to: looks like an email address, but the plan's channel (sms) takes phone numbers; use channel email",
    );
    expect(error.details).toEqual({ field: 'to' });
  });

  it('lists every channel of the plan when there are several', () => {
    expect(refusal('ada@example.com', ['whatsapp', 'sms']).message).toBe(
      "to: looks like an email address, but the plan's channels (whatsapp, sms) take phone numbers; use channel email",
    );
  });

  it('names the phone channels when an email plan is given a phone number', () => {
    expect(refusal('+447911123456', ['email']).message).toBe(
      "to: looks like a phone number, but the plan's channel (email) takes email addresses; use channel whatsapp or sms",
    );
  });

  it('says only what is wrong when the destination fits no channel', () => {
    expect(refusal('+4479', ['sms']).message).toBe('to: not a valid phone number in E.164 form (+country…)');
    expect(refusal('not-an-address', ['email']).message).toBe('to: not a valid email address');
  });

  it('refuses a plan that mixes email with phone channels (a well-formed request it cannot serve: 422)', () => {
    expect(refusal('+447911123456', ['sms', 'email']).code).toBe(ErrorCodes.invalidRecipient);
  });
});

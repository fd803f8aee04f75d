import { z } from 'zod';
import { DomainError, ErrorCodes, type ErrorCode } from '@tessera/contracts';
import { TwilioError, toTwilioError } from './twilio-error';
import { resourcePath } from './twilio-error.filter';

const PATH = '/Services/VA1/VerificationCheck';

describe('Twilio errors on /v2', () => {
  it.each<[ErrorCode, number, number]>([
    [ErrorCodes.unauthorized, 20003, 401],
    [ErrorCodes.notFound, 20404, 404],
    [ErrorCodes.alreadyApproved, 20404, 404],
    [ErrorCodes.expired, 20404, 404],
    [ErrorCodes.canceled, 20404, 404],
    [ErrorCodes.failed, 20404, 404],
    [ErrorCodes.validation, 60200, 400],
    [ErrorCodes.invalidRecipient, 60200, 400],
    [ErrorCodes.maxAttempts, 60202, 429],
    [ErrorCodes.sendLimit, 60203, 429],
    [ErrorCodes.destinationLimit, 60203, 429],
    [ErrorCodes.resendCooldown, 60212, 429],
    [ErrorCodes.channelNotAllowed, 60223, 400],
    [ErrorCodes.rateLimited, 20429, 429],
    [ErrorCodes.timeout, 20503, 503],
    [ErrorCodes.internal, 20500, 500],
  ])('answers %s as Twilio code %i with HTTP %i', (domainCode, code, status) => {
    const error = toTwilioError(new DomainError(domainCode, 'why'), PATH)!;
    expect(error.body()).toEqual({
      code,
      status,
      message: expect.any(String),
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
  });

  it("keeps Twilio's bare 404 for an ended verification: no reason in the message", () => {
    const error = toTwilioError(new DomainError(ErrorCodes.alreadyApproved, 'verification vf_1 is approved'), PATH)!;
    expect(error.message).toBe(`The requested resource ${PATH} was not found`);
  });

  it('carries retry-after from the domain error', () => {
    expect(toTwilioError(new DomainError(ErrorCodes.resendCooldown, 'wait', 27), PATH)!.retryAfterSeconds).toBe(27);
  });

  it('names the first invalid parameter of a form', () => {
    const parsed = z.object({ To: z.string() }).safeParse({});
    const error = toTwilioError(parsed.error, PATH)!;
    expect(error.code).toBe(60200);
    expect(error.message).toMatch(/^Invalid parameter `To`/);
  });

  it('passes a TwilioError through and leaves unknown errors to the caller', () => {
    const own = new TwilioError(60204, 'no');
    expect(toTwilioError(own, PATH)).toBe(own);
    expect(own.status).toBe(400);
    expect(toTwilioError(new Error('boom'), PATH)).toBeNull();
  });

  it('names resources without /v2 and the query', () => {
    expect(resourcePath('/v2/Services/VA1/Verifications/VE2?x=1')).toBe('/Services/VA1/Verifications/VE2');
  });
});

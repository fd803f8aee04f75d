import { attemptSidOf, isSid, newSid, serviceTenantIdOf, verificationIdOf, verificationSidOf } from './twilio-sid';
import { TenantIdSchema, VerificationIdSchema } from '@tessera/contracts';

describe('Twilio sids', () => {
  it.each(['AC', 'SK', 'VA', 'VE', 'VL'] as const)('draws %s sids as the prefix and 32 lowercase hex', (prefix) => {
    const sid = newSid(prefix);
    expect(sid).toMatch(new RegExp(`^${prefix}[0-9a-f]{32}$`));
    expect(isSid(prefix, sid)).toBe(true);
    expect(newSid(prefix)).not.toBe(sid);
  });

  it.each([
    ['another prefix', `VA${'a'.repeat(32)}`],
    ['upper-case hex', `VE${'A'.repeat(32)}`],
    ['31 digits', `VE${'a'.repeat(31)}`],
    ['33 digits', `VE${'a'.repeat(33)}`],
    ['a phone number', '+447911123456'],
  ])('refuses %s as a VE sid', (_what, value) => expect(isSid('VE', value)).toBe(false));

  it('maps a verification id to its VE sid and back, with no stored mapping', () => {
    const id = `vf_${'0123456789abcdef'.repeat(2)}`;
    const sid = verificationSidOf(id);
    expect(sid).toBe(`VE${'0123456789abcdef'.repeat(2)}`);
    expect(isSid('VE', sid)).toBe(true);
    expect(verificationIdOf(sid)).toBe(id);
    expect(VerificationIdSchema.safeParse(verificationIdOf(sid)).success).toBe(true);
  });

  it('gives each delivery attempt a stable VL sid of its own', () => {
    const id = `vf_${'a'.repeat(32)}`;
    expect(attemptSidOf(id, 1)).toMatch(/^VL[0-9a-f]{32}$/);
    expect(attemptSidOf(id, 1)).toBe(attemptSidOf(id, 1));
    expect(attemptSidOf(id, 2)).not.toBe(attemptSidOf(id, 1));
  });

  it("names a Service's tenant with a valid tenant id", () => {
    const sid = newSid('VA');
    expect(TenantIdSchema.safeParse(serviceTenantIdOf(sid)).success).toBe(true);
  });
});

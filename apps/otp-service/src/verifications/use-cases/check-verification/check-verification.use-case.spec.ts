import { randomBytes } from 'node:crypto';
import { CodeHasher, sealWithSecret } from '@tessera/crypto';
import { strictMock } from '@tessera/testing';
import { DEFAULT_TENANT_POLICY } from '../../../tenants/default-tenant-policy';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import type { DestinationLookup } from '../../destination-lookup';
import type { VerificationMetrics } from '../../verification.metrics';
import type { VerificationRecord } from '../../verification.schema';
import type { VerificationStore } from '../../verification.store';
import type { VerificationTransitions } from '../../verification-transitions';
import { CheckVerificationUseCase } from './check-verification.use-case';

const tenant: TenantRecord = { _id: 'acme', busSecret: null, policy: DEFAULT_TENANT_POLICY, updatedAt: new Date() };
const signer = randomBytes(32);
const hasher = new CodeHasher(randomBytes(32));
const id = `vf_${'1'.repeat(32)}`;
const origin = { eventId: 'check-1', partition: 3 };

function record(overrides: Partial<VerificationRecord> = {}): VerificationRecord {
  return {
    _id: id,
    tenantId: 'acme',
    plan: ['sms'],
    step: 0,
    status: 'pending',
    reason: null,
    codeHash: hasher.hash(id, '123456'),
    maxChecks: 5,
    checksUsed: 1,
    checks: [],
    version: 4,
    expiresAt: new Date(Date.now() + 60_000),
    ...overrides,
  } as VerificationRecord;
}

const counter = { inc: jest.fn() };
const metrics = { checks: counter } as unknown as VerificationMetrics;
const input = (code: string) => ({ verificationId: id, sealedCode: sealWithSecret(code, signer, 'acme') });

function useCase(store: VerificationStore, transitions: VerificationTransitions) {
  return new CheckVerificationUseCase(store, transitions, hasher, strictMock<DestinationLookup>('lookup'), metrics);
}

describe('CheckVerificationUseCase', () => {
  it('approves the right code through the approval fence, counting this check', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      approve: async () => ({ record: record({ status: 'approved' }), won: true }),
    });
    const store = strictMock<VerificationStore>('store', { find: async () => record() });
    await expect(useCase(store, transitions).execute(tenant, input('123456'), signer, origin)).resolves.toEqual({
      id,
      status: 'approved',
      valid: true,
      reason: null,
      attemptsRemaining: 3,
    });
    expect(transitions.approve).toHaveBeenCalledWith(expect.objectContaining({ _id: id }), 2, 'check-1');
  });

  it('reports the loser of a concurrent approval as already approved', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      approve: async () => ({ record: record({ status: 'approved' }), won: false }),
    });
    const store = strictMock<VerificationStore>('store', { find: async () => record() });
    await expect(useCase(store, transitions).execute(tenant, input('123456'), signer, origin)).rejects.toMatchObject({
      code: 'verification.already_approved',
    });
  });

  it('answers a retry of the check that approved it with the approval, and any other check as already approved', async () => {
    const approved = record({
      status: 'approved',
      checksUsed: 2,
      checks: [{ at: new Date(), valid: true, commandId: 'check-1' }],
    });
    const store = strictMock<VerificationStore>('store', { find: async () => approved });
    const checks = useCase(store, strictMock<VerificationTransitions>('transitions'));
    await expect(checks.execute(tenant, input('123456'), signer, origin)).resolves.toEqual({
      id,
      status: 'approved',
      valid: true,
      reason: null,
      attemptsRemaining: 3,
    });
    await expect(
      checks.execute(tenant, input('123456'), signer, { ...origin, eventId: 'check-2' }),
    ).rejects.toMatchObject({ code: 'verification.already_approved' });
  });

  it('counts a wrong code with one write of the record and says how many attempts are left', async () => {
    const store = strictMock<VerificationStore>('store', { find: async () => record(), save: async () => undefined });
    const answer = await useCase(store, strictMock<VerificationTransitions>('transitions')).execute(
      tenant,
      input('000000'),
      signer,
      origin,
    );
    expect(answer).toEqual({ id, status: 'pending', valid: false, reason: 'incorrect_code', attemptsRemaining: 3 });
    expect(store.save).toHaveBeenCalledTimes(1);
    const [current, next] = store.save.mock.calls[0];
    expect(current.checksUsed).toBe(1);
    expect(next.checksUsed).toBe(2);
    expect(next.checks).toEqual([{ at: expect.any(Date), valid: false }]);
  });

  it('ends the verification on the last wrong code', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      end: async () => record({ status: 'max_attempts_reached' }),
    });
    const store = strictMock<VerificationStore>('store', { find: async () => record({ checksUsed: 4 }) });
    const answer = await useCase(store, transitions).execute(tenant, input('000000'), signer, origin);
    expect(answer).toMatchObject({ status: 'max_attempts_reached', attemptsRemaining: 0 });
    expect(transitions.end).toHaveBeenCalledWith(
      expect.objectContaining({ checksUsed: 4 }),
      'max_attempts_reached',
      'too many wrong codes',
      expect.any(Function),
    );
  });

  it.each([
    ['refuses a check once no attempts are left, without writing', { checksUsed: 5 }, 'verification.max_attempts'],
    [
      'answers a check of an ended verification with its state, never a bare not-found',
      { status: 'canceled' as const },
      'verification.canceled',
    ],
  ])('%s', async (_, state: Partial<VerificationRecord>, code) => {
    const store = strictMock<VerificationStore>('store', { find: async () => record(state) });
    const transitions = strictMock<VerificationTransitions>('transitions');
    await expect(useCase(store, transitions).execute(tenant, input('123456'), signer, origin)).rejects.toMatchObject({
      code,
    });
  });

  it('refuses a sealed code that the signing secret cannot open, as bad input', async () => {
    const store = strictMock<VerificationStore>('store');
    const sealed = { verificationId: id, sealedCode: sealWithSecret('123456', randomBytes(32), 'acme') };
    await expect(
      useCase(store, strictMock<VerificationTransitions>('transitions')).execute(tenant, sealed, signer, origin),
    ).rejects.toMatchObject({ code: 'request.invalid' });
  });
});

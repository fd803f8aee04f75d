import { randomBytes } from 'node:crypto';
import { CodeHasher, sealWithSecret } from '@tessera/crypto';
import { strictMock } from '@tessera/testing';
import { DEFAULT_TENANT_POLICY } from '../../../tenants/default-tenant-policy';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import type { DestinationLookup } from '../../destination-lookup';
import type { VerificationDecisions } from '../../verification-decisions';
import type { VerificationMetrics } from '../../verification.metrics';
import type { VerificationRepository } from '../../verification.repository';
import type { VerificationTransitions } from '../../verification-transitions';
import type { VerificationRecord } from '../../verification.schema';
import { CheckVerificationUseCase } from './check-verification.use-case';

const tenant: TenantRecord = { _id: 'acme', busSecret: null, policy: DEFAULT_TENANT_POLICY, updatedAt: new Date() };
const signer = randomBytes(32);
const hasher = new CodeHasher(randomBytes(32));
const id = `vf_${'1'.repeat(32)}`;

function record(overrides: Partial<VerificationRecord> = {}): VerificationRecord {
  return {
    _id: id,
    tenantId: 'acme',
    status: 'pending',
    reason: null,
    codeHash: hasher.hash(id, '123456'),
    checkKey: id,
    maxChecks: 5,
    expiresAt: new Date(Date.now() + 60_000),
    ...overrides,
  } as VerificationRecord;
}

const counter = { inc: jest.fn() };
const metrics = { checks: counter } as unknown as VerificationMetrics;
const input = (code: string) => ({ verificationId: id, sealedCode: sealWithSecret(code, signer, 'acme') });

describe('CheckVerificationUseCase', () => {
  it('approves the right code through the single decision insert', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      end: async () => ({ record: record({ status: 'approved' }), won: true }),
    });
    const useCase = new CheckVerificationUseCase(
      strictMock<VerificationRepository>('repository', { findForTenant: async () => record() }),
      strictMock<VerificationDecisions>('decisions', { takeCheckSlot: async () => 2 }),
      transitions,
      hasher,
      strictMock<DestinationLookup>('lookup'),
      metrics,
    );
    await expect(useCase.execute(tenant, input('123456'), signer)).resolves.toEqual({
      id,
      status: 'approved',
      valid: true,
      reason: null,
      attemptsRemaining: 3,
    });
    expect(transitions.end).toHaveBeenCalledWith(id, 'approved', null, 2);
  });

  it('reports the loser of a concurrent approval as already approved', async () => {
    const useCase = new CheckVerificationUseCase(
      strictMock<VerificationRepository>('repository', { findForTenant: async () => record() }),
      strictMock<VerificationDecisions>('decisions', { takeCheckSlot: async () => 1 }),
      strictMock<VerificationTransitions>('transitions', {
        end: async () => ({ record: record({ status: 'approved' }), won: false }),
      }),
      hasher,
      strictMock<DestinationLookup>('lookup'),
      metrics,
    );
    await expect(useCase.execute(tenant, input('123456'), signer)).rejects.toMatchObject({
      code: 'verification.already_approved',
    });
  });

  it('counts a wrong code and ends the verification when the last slot fails', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      end: async () => ({ record: record({ status: 'max_attempts_reached' }), won: true }),
    });
    const useCase = new CheckVerificationUseCase(
      strictMock<VerificationRepository>('repository', {
        findForTenant: async () => record(),
        update: async () => record(),
      }),
      strictMock<VerificationDecisions>('decisions', {
        takeCheckSlot: async () => 5,
        recordFailedCheck: async () => 5,
      }),
      transitions,
      hasher,
      strictMock<DestinationLookup>('lookup'),
      metrics,
    );
    await expect(useCase.execute(tenant, input('654321'), signer)).resolves.toMatchObject({
      status: 'max_attempts_reached',
      valid: false,
      attemptsRemaining: 0,
    });
    expect(transitions.end).toHaveBeenCalledWith(id, 'max_attempts_reached', 'too many wrong codes');
  });

  it('refuses a code sealed under another secret without touching any attempt', async () => {
    const useCase = new CheckVerificationUseCase(
      strictMock<VerificationRepository>('repository'),
      strictMock<VerificationDecisions>('decisions'),
      strictMock<VerificationTransitions>('transitions'),
      hasher,
      strictMock<DestinationLookup>('lookup'),
      metrics,
    );
    await expect(useCase.execute(tenant, input('123456'), randomBytes(32))).rejects.toMatchObject({
      code: 'request.invalid',
    });
  });

  it('answers an ended verification with its state and never takes a slot', async () => {
    const useCase = new CheckVerificationUseCase(
      strictMock<VerificationRepository>('repository', {
        findForTenant: async () => record({ status: 'canceled', reason: 'canceled by the client' }),
      }),
      strictMock<VerificationDecisions>('decisions'),
      strictMock<VerificationTransitions>('transitions'),
      hasher,
      strictMock<DestinationLookup>('lookup'),
      metrics,
    );
    await expect(useCase.execute(tenant, input('123456'), signer)).rejects.toMatchObject({
      code: 'verification.canceled',
      details: expect.objectContaining({ verificationStatus: 'canceled' }),
    });
  });
});

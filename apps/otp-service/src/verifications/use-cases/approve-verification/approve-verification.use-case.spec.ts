import { strictMock } from '@tessera/testing';
import { DEFAULT_TENANT_POLICY } from '../../../tenants/default-tenant-policy';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import type { VerificationRecord } from '../../verification.schema';
import type { VerificationStore } from '../../verification.store';
import type { VerificationTransitions } from '../../verification-transitions';
import { ApproveVerificationUseCase } from './approve-verification.use-case';

const tenant: TenantRecord = { _id: 'acme', busSecret: null, policy: DEFAULT_TENANT_POLICY, updatedAt: new Date() };
const id = `vf_${'2'.repeat(32)}`;

function record(overrides: Partial<VerificationRecord> = {}): VerificationRecord {
  const now = new Date();
  return {
    _id: id,
    tenantId: 'acme',
    to: '+447911123456',
    status: 'pending',
    reason: null,
    plan: ['sms'],
    step: 0,
    maxChecks: 5,
    checksUsed: 1,
    maxSends: 5,
    sendsUsed: 1,
    resendAvailableAt: null,
    deliveries: [],
    checks: [],
    metadata: {},
    version: 2,
    expiresAt: new Date(now.getTime() + 60_000),
    createdAt: now,
    updatedAt: now,
    ...overrides,
  } as VerificationRecord;
}

describe('ApproveVerificationUseCase', () => {
  it('approves a pending verification through the approval fence, as the next check attempt', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      approve: async () => ({ record: record({ status: 'approved', checksUsed: 2 }), won: true }),
    });
    const store = strictMock<VerificationStore>('store', { find: async () => record() });
    const view = await new ApproveVerificationUseCase(store, transitions).execute(tenant, id, 'command-1');
    expect(view).toMatchObject({ id, status: 'approved' });
    expect(transitions.approve).toHaveBeenCalledWith(expect.objectContaining({ _id: id }), 2, 'command-1');
  });

  it('answers a retry of the approval that approved it with the approved view, and another as already approved', async () => {
    const approved = record({
      status: 'approved',
      checksUsed: 2,
      checks: [{ at: new Date(), valid: true, commandId: 'command-1' }],
    });
    const store = strictMock<VerificationStore>('store', { find: async () => approved });
    const approvals = new ApproveVerificationUseCase(store, strictMock<VerificationTransitions>('transitions'));
    await expect(approvals.execute(tenant, id, 'command-1')).resolves.toMatchObject({ id, status: 'approved' });
    await expect(approvals.execute(tenant, id, 'command-2')).rejects.toMatchObject({
      code: 'verification.already_approved',
    });
  });

  it('refuses an ended verification with its state, and an unknown one with not found', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions');
    const ended = strictMock<VerificationStore>('store', { find: async () => record({ status: 'canceled' }) });
    await expect(new ApproveVerificationUseCase(ended, transitions).execute(tenant, id, 'c')).rejects.toMatchObject({
      code: 'verification.canceled',
    });
    const none = strictMock<VerificationStore>('store', { find: async () => null });
    await expect(new ApproveVerificationUseCase(none, transitions).execute(tenant, id, 'c')).rejects.toMatchObject({
      code: 'verification.not_found',
    });
  });

  it('reports the loser of a race with a check as already approved', async () => {
    const transitions = strictMock<VerificationTransitions>('transitions', {
      approve: async () => ({ record: record({ status: 'approved' }), won: false }),
    });
    const store = strictMock<VerificationStore>('store', { find: async () => record() });
    await expect(new ApproveVerificationUseCase(store, transitions).execute(tenant, id, 'c')).rejects.toMatchObject({
      code: 'verification.already_approved',
    });
  });
});

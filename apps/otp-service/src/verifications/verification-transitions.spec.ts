import { strictMock } from '@tessera/testing';
import type { VerificationMetrics } from './verification.metrics';
import type { VerificationRepository } from './verification.repository';
import type { VerificationRecord } from './verification.schema';
import type { VerificationStore } from './verification.store';
import { approvedBy, VerificationTransitions } from './verification-transitions';

const id = `vf_${'3'.repeat(32)}`;

function pending(): VerificationRecord {
  const now = new Date();
  return {
    _id: id,
    tenantId: 'acme',
    status: 'pending',
    reason: null,
    plan: ['sms'],
    step: 0,
    checksUsed: 1,
    deliveries: [],
    checks: [{ at: now, valid: false }],
    outbox: [],
    createdAt: now,
  } as unknown as VerificationRecord;
}

describe('VerificationTransitions.approve', () => {
  it('records which check approved the verification, so that only that check is answered approved again', async () => {
    const saved: VerificationRecord[] = [];
    const store = strictMock<VerificationStore>('store', {
      save: async (_: VerificationRecord, next: VerificationRecord) => void saved.push(next),
    });
    const repository = strictMock<VerificationRepository>('repository', {
      fenceApproval: async () => ({ won: true }),
    });
    const metrics = {
      ended: { inc: () => undefined },
      toVerified: { observe: () => undefined },
    } as unknown as VerificationMetrics;
    const { record, won } = await new VerificationTransitions(store, repository, metrics).approve(
      pending(),
      2,
      'check-1',
    );
    expect(won).toBe(true);
    expect(saved).toEqual([record]);
    expect(record).toMatchObject({ status: 'approved', checksUsed: 2 });
    expect(record.checks.at(-1)).toMatchObject({ valid: true, commandId: 'check-1' });
    expect(approvedBy(record, 'check-1')).toBe(true);
    expect(approvedBy(record, 'check-2')).toBe(false);
    expect(approvedBy(pending(), 'check-1')).toBe(false);
  });
});

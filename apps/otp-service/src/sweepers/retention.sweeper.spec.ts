import type { OtpServiceEnv } from '../config/otp-service.config';
import type { PartitionLanes } from '../partitions/partition-lanes';
import type { IdempotencyStore } from '../verifications/idempotency.store';
import type { VerificationRepository } from '../verifications/verification.repository';
import type { VerificationStore } from '../verifications/verification.store';
import { RetentionSweeper } from './retention.sweeper';

const DAY_MS = 86400_000;

describe('RetentionSweeper', () => {
  const now = new Date('2026-12-06T12:00:00.000Z');

  function sweeperOwning(partitions: number[]) {
    const calls: string[] = [];
    const repository = {
      deleteBefore: jest.fn(async (ended: Date, idle: Date) => {
        calls.push(`records ended before ${ended.toISOString()}, idle before ${idle.toISOString()}`);
        return 0;
      }),
    };
    const store = { forgetEndedBefore: jest.fn((cutoff: Date) => calls.push(`forget before ${cutoff.toISOString()}`)) };
    const idempotency = {
      deleteExpired: jest.fn(async (at: Date) => {
        calls.push(`keys expired at ${at.toISOString()}`);
        return 0;
      }),
    };
    const lanes = { owns: (partition: number) => partitions.includes(partition) };
    const sweeper = new RetentionSweeper(
      { RETENTION_DAYS: 2, RETENTION_SWEEP_INTERVAL_MS: 3_600_000 } as OtpServiceEnv,
      repository as unknown as VerificationRepository,
      store as unknown as VerificationStore,
      idempotency as unknown as IdempotencyStore,
      lanes as unknown as PartitionLanes,
    );
    return { sweeper, calls };
  }

  it('sweeps the database on the replica that owns partition 0, then forgets the cached records', async () => {
    const { sweeper, calls } = sweeperOwning([0, 2]);
    await sweeper.sweep(now);
    const cutoff = new Date(now.getTime() - 2 * DAY_MS).toISOString();
    expect(calls).toEqual([
      `records ended before ${cutoff}, idle before ${cutoff}`,
      `forget before ${cutoff}`,
      `keys expired at ${now.toISOString()}`,
    ]);
  });

  it('on a replica without partition 0, only forgets its cached records (one scan of each collection, not one per replica)', async () => {
    const { sweeper, calls } = sweeperOwning([1, 2]);
    await sweeper.sweep(now);
    expect(calls).toEqual([`forget before ${new Date(now.getTime() - 2 * DAY_MS).toISOString()}`]);
  });
});

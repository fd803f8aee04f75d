import type { OtpServiceEnv } from '../config/otp-service.config';
import type { PartitionLanes } from '../partitions/partition-lanes';
import type { IdempotencyStore } from '../verifications/idempotency.store';
import type { RetiredRecords } from '../verifications/retired-records';
import type { VerificationRepository } from '../verifications/verification.repository';
import type { VerificationStore } from '../verifications/verification.store';
import { RetentionSweeper } from './retention.sweeper';

const DAY_MS = 86400_000;

describe('RetentionSweeper', () => {
  const now = new Date('2026-12-06T12:00:00.000Z');
  const iso = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString();

  function sweeperOwning(partitions: number[], retentionDays = 2) {
    const calls: string[] = [];
    const repository = {
      deleteBefore: jest.fn(async (ended: Date, idle: Date) => {
        calls.push(`scan: ended before ${ended.toISOString()}, idle before ${idle.toISOString()}`);
        return 0;
      }),
    };
    const store = { forgetEndedBefore: jest.fn((cutoff: Date) => calls.push(`forget before ${cutoff.toISOString()}`)) };
    const retired = {
      sweep: jest.fn(async (partition: number, ended: Date, idle: Date) => {
        calls.push(`batches of ${partition}: ended before ${ended.toISOString()}, idle before ${idle.toISOString()}`);
        if (partition === 2) throw new Error('the database went away');
        return 0;
      }),
    };
    const idempotency = {
      deleteExpired: jest.fn(async (at: Date) => {
        calls.push(`keys expired at ${at.toISOString()}`);
        return 0;
      }),
    };
    const lanes = { owns: (p: number) => partitions.includes(p), ownedPartitions: () => partitions };
    const sweeper = new RetentionSweeper(
      { RETENTION_DAYS: retentionDays } as OtpServiceEnv,
      repository as unknown as VerificationRepository,
      store as unknown as VerificationStore,
      retired as unknown as RetiredRecords,
      idempotency as unknown as IdempotencyStore,
      lanes as unknown as PartitionLanes,
    );
    return { sweeper, calls };
  }

  it('sweeps the retired batches of each owned partition in turn, past one that fails, then forgets the cached records', async () => {
    const { sweeper, calls } = sweeperOwning([0, 2, 5]);
    await sweeper.sweep(now);
    expect(calls).toEqual([
      `batches of 0: ended before ${iso(2)}, idle before ${iso(2)}`,
      `batches of 2: ended before ${iso(2)}, idle before ${iso(2)}`,
      `batches of 5: ended before ${iso(2)}, idle before ${iso(2)}`,
      `forget before ${iso(2)}`,
    ]);
  });

  it('keeps approval fences and destinations for at least a day, whatever the retention', async () => {
    const { sweeper, calls } = sweeperOwning([1], 0);
    await sweeper.sweep(now);
    expect(calls[0]).toBe(`batches of 1: ended before ${iso(0)}, idle before ${iso(1)}`);
  });

  it('runs the backstop scan on the replica that owns partition 0 only (one scan of each collection, not one per replica)', async () => {
    const owner = sweeperOwning([0, 2]);
    await owner.sweeper.scan(now);
    expect(owner.calls).toEqual([
      `scan: ended before ${iso(2)}, idle before ${iso(2)}`,
      `keys expired at ${now.toISOString()}`,
    ]);
    const other = sweeperOwning([1, 2]);
    await other.sweeper.scan(now);
    expect(other.calls).toEqual([]);
  });
});

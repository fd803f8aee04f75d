import { strictMock } from '@tessera/testing';
import type { OtpServiceEnv } from '../config/otp-service.config';
import { RetiredRecords } from './retired-records';
import { RETIRE_BATCH_SIZE, emptyRetirement, type RetiredBatch } from './retirement';
import type { VerificationRepository } from './verification.repository';

const DAY_MS = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 11, day));

/** Retired records over a repository that holds `batches` of partition 3 and logs what it is asked. */
function retiredOver(batches: RetiredBatch[], retentionDays = 2) {
  const calls: string[] = [];
  const repository = strictMock<VerificationRepository>('repository', {
    findRetiredBatch: async (partition: number, seq: number) => {
      calls.push(`read ${partition}:${seq}`);
      return batches.find((b) => b.seq === seq) ?? null;
    },
    deleteRetiredRecords: async (batch: RetiredBatch) => {
      calls.push(`records of ${batch.seq}`);
      return batch.ids.length;
    },
    deleteRetiredBatch: async (partition: number, batch: RetiredBatch, idleBefore: Date) => {
      calls.push(
        `destinations idle before ${idleBefore.toISOString().slice(0, 10)} and batch ${partition}:${batch.seq}`,
      );
    },
  });
  const retired = new RetiredRecords({ RETENTION_DAYS: retentionDays } as OtpServiceEnv, repository);
  retired.gained(3, { ...emptyRetirement(), next: batches.length });
  return { retired, calls };
}

const batch = (seq: number, closedAt: Date): RetiredBatch => ({
  seq,
  closedAt,
  ids: [`vf_${seq}a`, `vf_${seq}b`],
  destinations: [`d${seq}`],
});

describe('RetiredRecords', () => {
  it('deletes the due batches in order, each read once, and reads the first one not due once', async () => {
    const { retired, calls } = retiredOver([batch(0, at(1)), batch(1, at(2)), batch(2, at(5))]);
    const cutoff = at(3);
    expect(await retired.sweep(3, cutoff, cutoff)).toBe(4);
    expect(calls).toEqual([
      'read 3:0',
      'records of 0',
      'destinations idle before 2026-12-03 and batch 3:0',
      'read 3:1',
      'records of 1',
      'destinations idle before 2026-12-03 and batch 3:1',
      'read 3:2',
    ]);
    calls.length = 0;
    expect(await retired.sweep(3, cutoff, cutoff)).toBe(0);
    expect(calls).toEqual([]);
    expect(await retired.sweep(3, at(6), at(6))).toBe(2);
    expect(calls).toEqual(['records of 2', 'destinations idle before 2026-12-06 and batch 3:2']);
  });

  it('deletes the records at the retention cutoff and their destinations only once they are idle', async () => {
    const { retired, calls } = retiredOver([batch(0, at(1)), batch(1, at(2))], 0);
    expect(await retired.sweep(3, at(3), at(2))).toBe(4);
    expect(calls).toEqual([
      'read 3:0',
      'records of 0',
      'destinations idle before 2026-12-02 and batch 3:0',
      'read 3:1',
      'records of 1',
    ]);
    calls.length = 0;
    await retired.sweep(3, at(4), at(3));
    expect(calls).toEqual(['destinations idle before 2026-12-03 and batch 3:1']);
  });

  it('takes a few batches a sweep, so a backlog drains in steps', async () => {
    const batches = [...Array(10).keys()].map((seq) => batch(seq, at(1)));
    const { retired, calls } = retiredOver(batches);
    await retired.sweep(3, at(5), at(5));
    expect(calls.filter((c) => c.startsWith('records of'))).toEqual([
      'records of 0',
      'records of 1',
      'records of 2',
      'records of 3',
    ]);
    expect(calls.filter((c) => c.startsWith('destinations'))).toHaveLength(4);
  });

  it('passes over a batch already deleted (a cursor stored before its sweep ended)', async () => {
    const { retired, calls } = retiredOver([batch(1, at(1))]);
    retired.gained(3, { ...emptyRetirement(), next: 2 });
    expect(await retired.sweep(3, at(5), at(5))).toBe(2);
    expect(calls).toEqual([
      'read 3:0',
      'read 3:1',
      'records of 1',
      'destinations idle before 2026-12-05 and batch 3:1',
    ]);
  });

  it('sweeps nothing of a partition it does not own, nor one it lost', async () => {
    const { retired, calls } = retiredOver([batch(0, at(1))]);
    expect(await retired.sweep(4, at(5), at(5))).toBe(0);
    retired.lost(3);
    expect(await retired.sweep(3, at(5), at(5))).toBe(0);
    expect(calls).toEqual([]);
  });

  it('closes a batch as soon as a record ends when the retention is shorter than the wait', () => {
    const { retired } = retiredOver([], 0);
    const plan = retired.plan(3, [{ _id: 'vf_1', destinationKey: 'd1' }], at(1).getTime());
    expect(plan.batch).toMatchObject({ seq: 0, ids: ['vf_1'] });
    const { retired: kept } = retiredOver([], 2);
    expect(kept.plan(3, [{ _id: 'vf_1', destinationKey: 'd1' }], at(1).getTime()).batch).toBeNull();
  });

  it('reads a batch again at the lagging cursor only, when the destinations wait longer than the records', async () => {
    const { retired, calls } = retiredOver([batch(0, at(1)), batch(1, at(2))], 0);
    await retired.sweep(3, at(3), new Date(at(1).getTime() - DAY_MS));
    expect(calls).toEqual(['read 3:0', 'records of 0', 'read 3:1', 'records of 1']);
    calls.length = 0;
    await retired.sweep(3, at(3), at(3));
    expect(calls).toEqual([
      'destinations idle before 2026-12-03 and batch 3:0',
      'read 3:1',
      'destinations idle before 2026-12-03 and batch 3:1',
    ]);
  });

  it('never reads back a batch it closed itself at a cursor, and sends nothing while it is not due', async () => {
    const { retired, calls } = retiredOver([]);
    retired.gained(3, emptyRetirement());
    const ended = [...Array(RETIRE_BATCH_SIZE).keys()].map((n) => ({ _id: `vf_${n}`, destinationKey: `d${n}` }));
    const plan = retired.plan(3, ended, at(1).getTime());
    retired.stored(3, plan);
    expect(await retired.sweep(3, at(1), at(1))).toBe(0);
    expect(calls).toEqual([]);
    expect(await retired.sweep(3, at(4), at(4))).toBe(RETIRE_BATCH_SIZE);
    expect(calls).toEqual(['records of 0', 'destinations idle before 2026-12-04 and batch 3:0']);
  });
});

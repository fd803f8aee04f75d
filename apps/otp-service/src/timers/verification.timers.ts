import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { VerificationRecord } from '../verifications/verification.schema';

const MAX_DELAY_MS = 2 ** 31 - 1;

/** The next moment something must happen to a pending record on its own: expiry or a step timeout. */
export function nextDueAt(record: VerificationRecord): Date | null {
  if (record.status !== 'pending') return null;
  let due = record.expiresAt;
  for (const d of record.deliveries) if (d.stepDeadline && d.stepDeadline < due) due = d.stepDeadline;
  return due;
}

/**
 * The owner's in-memory timers: one per pending record of an owned partition, for its next due moment. They are
 * rebuilt from the partition's live list when a partition is assigned, and dropped when it is lost.
 */
@Injectable()
export class VerificationTimers implements OnApplicationShutdown {
  private readonly timers = new Map<string, { partition: number; dueAt: number; timer: NodeJS.Timeout }>();
  private onDue: (id: string, partition: number) => void = () => undefined;

  /** What runs when a record is due (set once by the use case that handles it). */
  handleWith(onDue: (id: string, partition: number) => void): void {
    this.onDue = onDue;
  }

  /** Sets (or clears) the record's timer to match its state. */
  track(record: VerificationRecord): void {
    const due = nextDueAt(record)?.getTime() ?? null;
    const existing = this.timers.get(record._id);
    if (existing && existing.dueAt === due) return;
    if (existing) clearTimeout(existing.timer);
    if (due === null) {
      this.timers.delete(record._id);
      return;
    }
    const { _id: id, partition } = record;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        this.onDue(id, partition);
      },
      Math.min(MAX_DELAY_MS, Math.max(0, due - Date.now())),
    );
    this.timers.set(id, { partition, dueAt: due, timer });
  }

  dropPartition(partition: number): void {
    for (const [id, t] of this.timers) {
      if (t.partition !== partition) continue;
      clearTimeout(t.timer);
      this.timers.delete(id);
    }
  }

  get size(): number {
    return this.timers.size;
  }

  onApplicationShutdown(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }
}

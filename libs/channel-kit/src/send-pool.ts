import { Logger } from '@nestjs/common';

/**
 * Runs provider sends outside the Kafka handler, at most `limit` at a time, so a slow provider holds neither its
 * partition nor the consumer's session. The handler waits only for a free slot (backpressure when the provider
 * is slower than the bus), never for a send. On shutdown, `drain` waits for what is running, and later work runs
 * while its handler waits, so nothing started is left behind when the consumer stops.
 */
export class SendPool {
  private readonly log = new Logger(SendPool.name);
  private readonly running = new Set<Promise<void>>();
  private readonly slotWaiters: Array<() => void> = [];
  private draining = false;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.running.size;
  }

  /** Resolves once `task` has started (or, while draining, once it has finished). */
  async start(task: () => Promise<void>): Promise<void> {
    if (this.draining) return this.guard(task);
    while (this.running.size >= this.limit) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    const run = this.guard(task).finally(() => {
      this.running.delete(run);
      this.slotWaiters.shift()?.();
    });
    this.running.add(run);
  }

  async drain(): Promise<void> {
    this.draining = true;
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** A task reports its own outcome; what escapes it is a bug, logged with its stack rather than lost silently. */
  private async guard(task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.log.error(`a send failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

/** What the deadline needs of a process (the real one, or a test's stand-in). */
export interface SignalSource {
  once(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** How long a graceful shutdown may take before the process ends anyway. */
export const SHUTDOWN_DEADLINE_MS = 15_000;

/**
 * Bounds a graceful shutdown: from the first of `signals`, the app has `ms` to stop taking work, finish its
 * handlers, commit, flush and close (Nest's shutdown hooks do that); after that `giveUp` ends it (a broker or a
 * database that is away must not keep a stopping process alive forever). The timer does not keep the process
 * alive itself.
 */
export function armShutdownDeadline(
  source: SignalSource,
  signals: readonly NodeJS.Signals[],
  ms: number,
  giveUp: (signal: NodeJS.Signals) => void,
): void {
  let armed = false;
  for (const signal of signals) {
    source.once(signal, () => {
      if (armed) return;
      armed = true;
      setTimeout(() => giveUp(signal), ms).unref();
    });
  }
}

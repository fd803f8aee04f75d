import { setTimeout as sleep } from 'node:timers/promises';

export interface Schedule {
  /** Flows per second. */
  rate: number;
  seconds: number;
  arrivals: 'poisson' | 'uniform';
  /** Arrivals go on past `seconds` while this says so (a run whose phases take as long as they take). */
  keepGoing?: () => boolean;
}

export interface InFlight {
  started: number;
  finished: number;
}

/**
 * Starts `start(scheduledAt)` on a fixed schedule (Poisson or evenly spaced arrivals at `rate`), never waiting
 * for earlier flows: an open loop, so a slow system shows as latency, not as a lower offered rate. Each flow is
 * given the time it was due, so one that starts late (a busy generator) is measured from its due time.
 */
export async function openLoop<T>(
  schedule: Schedule,
  start: (scheduledAt: number) => Promise<T>,
  inFlight: InFlight = { started: 0, finished: 0 },
): Promise<T[]> {
  const gap = (): number =>
    schedule.arrivals === 'uniform' ? 1000 / schedule.rate : (-Math.log(1 - Math.random()) * 1000) / schedule.rate;
  const begin = performance.now() + 5;
  const end = begin + schedule.seconds * 1000;
  // bounds the loop whatever the draws (unless told to go on)
  const limit = schedule.keepGoing ? Number.MAX_SAFE_INTEGER : Math.ceil(schedule.rate * schedule.seconds * 3) + 10;
  const open = (at: number): boolean => at < end || (schedule.keepGoing?.() ?? false);
  const flows: Promise<T>[] = [];
  let due = schedule.arrivals === 'uniform' ? begin : begin + gap();
  while (open(due) && flows.length < limit) {
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (due <= performance.now() && open(due) && flows.length < limit) {
      inFlight.started++;
      flows.push(
        start(due).finally(() => {
          inFlight.finished++;
        }),
      );
      due += gap();
    }
  }
  return Promise.all(flows);
}

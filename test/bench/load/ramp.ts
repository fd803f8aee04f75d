import type { BenchOptions } from '../options';
import { runStep, type Measured, type StepKind, type StepResult } from './step';

export interface RampResult {
  steps: StepResult[];
  /** The highest rate that passed a full-length confirmation step with p99 check under the criterion, or null. */
  sustainedRate: number | null;
  sustained?: StepResult;
  /** The highest rate the system kept up with for a full-length step (no growing backlog, no failures), or null. */
  capacityRate: number | null;
  capacity?: StepResult;
  /** A full-length step at half the sustained rate (half the capacity when nothing was sustained). */
  half?: StepResult;
  /** When the system kept up with no rate at all: a full-length step at the lowest rate, for its costs. */
  floor?: StepResult;
}

const round = (rate: number): number => (rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10);

/** How one step reads in the progress log. */
export function describeStep(step: StepResult): string {
  const l = step.latency;
  const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '–');
  const verdict = step.passed ? 'sustained' : step.keepsUp ? 'keeps up, too slow' : 'does not keep up';
  return (
    `${step.kind.padEnd(8)} ${String(step.rate).padStart(6)}/s × ${step.seconds}s: ` +
    `${step.completed}/${step.started} ok, check p99 ${ms(l.check.p99)} ms, create p99 ${ms(l.create.p99)} ms, ` +
    `provider p99 ${ms(l.provider.p99)} ms, delivered p99 ${ms(l.delivered.p99)} ms, lag max ${step.backlog.max} ` +
    `→ ${verdict}${step.reasons.length ? ` (${step.reasons.join('; ')})` : ''}`
  );
}

/**
 * Two figures from one ramp. The search multiplies the rate while the system keeps up (no growing backlog, no
 * failures; or divides it until it does), bisects between the last rate it kept up with and the first it did
 * not, and confirms that capacity with a full-length step (stepping down 20 % if it fails). The sustained rate
 * adds the latency criterion: the highest searched rate that also had p99 check under it (searched for below the
 * lowest rate tried when none had), confirmed the same way. Then a full-length step at half the sustained rate.
 */
export async function ramp(
  measured: Measured,
  options: BenchOptions,
  startRate: number,
  log: (line: string) => void,
): Promise<RampResult> {
  const steps: StepResult[] = [];
  const step = async (kind: StepKind, rate: number, seconds: number): Promise<StepResult> => {
    // long enough for minFlows flows (at most four times the nominal length), so its p99 means something
    const length = Math.round(Math.min(Math.max(seconds, options.minFlows / rate), seconds * 4));
    const result = await runStep(measured, options, kind, rate, length);
    steps.push(result);
    log(describeStep(result));
    return result;
  };
  const minRate = Math.min(options.minRate, startRate);
  let up = 0;
  let down = Number.POSITIVE_INFINITY;
  let rate = round(Math.min(startRate, options.maxRate));
  for (let i = 0; i < options.maxSteps; i++) {
    const keptUp = (await step('search', rate, options.stepSeconds)).keepsUp;
    if (keptUp) up = rate;
    else down = rate;
    if (keptUp && (down !== Number.POSITIVE_INFINITY || rate >= options.maxRate)) break;
    if (!keptUp && (up > 0 || rate <= minRate)) break;
    rate = round(
      keptUp ? Math.min(rate * options.rateFactor, options.maxRate) : Math.max(rate / options.rateFactor, minRate),
    );
  }
  /** The highest rate found `ok` between `low` (ok) and `high` (not), by up to bisectSteps geometric midpoints. */
  const bisect = async (low: number, high: number, ok: (s: StepResult) => boolean): Promise<number> => {
    for (let i = 0; i < options.bisectSteps; i++) {
      const mid = round(Math.sqrt(low * high));
      if (mid <= low || mid >= high) break;
      if (ok(await step('search', mid, options.stepSeconds))) low = mid;
      else high = mid;
    }
    return low;
  };
  if (up > 0 && Number.isFinite(down)) up = await bisect(up, down, (s) => s.keepsUp);
  if (up === 0) {
    return {
      steps,
      sustainedRate: null,
      capacityRate: null,
      floor: await step('floor', round(rate), options.confirmSeconds),
    };
  }
  const confirm = async (
    from: number,
    kind: StepKind,
    ok: (s: StepResult) => boolean,
  ): Promise<StepResult | undefined> => {
    let candidate = from;
    for (let attempt = 0; attempt < 3 && candidate >= Math.min(minRate, from); attempt++) {
      const result = await step(kind, candidate, options.confirmSeconds);
      if (ok(result)) return result;
      candidate = round(candidate * 0.8);
    }
    return undefined;
  };
  const capacity = await confirm(up, 'capacity', (s) => s.keepsUp);
  // the latency criterion: the highest rate searched that was also fast; when none was (a ramp that started above
  // it), a search down from the lowest rate tried, then bisected like the capacity
  let fastest = Math.max(0, ...steps.filter((s) => s.passed).map((s) => s.rate));
  if (fastest === 0) {
    let slow = Math.min(...steps.map((s) => s.rate));
    while (slow > minRate) {
      const candidate = round(Math.max(slow / options.rateFactor, minRate));
      if ((await step('search', candidate, options.stepSeconds)).passed) {
        fastest = candidate;
        break;
      }
      slow = candidate;
    }
    if (fastest > 0) fastest = await bisect(fastest, slow, (s) => s.passed);
  }
  let sustained: StepResult | undefined;
  if (capacity?.passed && capacity.rate >= fastest) sustained = capacity;
  else if (fastest > 0) sustained = await confirm(fastest, 'confirm', (s) => s.passed);
  const basis = sustained?.rate ?? capacity?.rate;
  const half = basis ? await step('half', round(basis / 2), options.halfSeconds) : undefined;
  return {
    steps,
    sustainedRate: sustained?.rate ?? null,
    sustained,
    capacityRate: capacity?.rate ?? null,
    capacity,
    half,
  };
}

import type { BenchOptions } from '../options';
import { runStep, type Measured, type StepKind, type StepResult } from './step';

export interface RampResult {
  steps: StepResult[];
  /** The highest rate that passed a full-length confirmation step, or null. */
  sustainedRate: number | null;
  sustained?: StepResult;
  half?: StepResult;
  /** Without a sustained rate: a full-length step at the lowest rate tried, for its latencies and costs. */
  floor?: StepResult;
}

const round = (rate: number): number => (rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10);

/** How one step reads in the progress log. */
export function describeStep(step: StepResult): string {
  const l = step.latency;
  const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '–');
  return (
    `${step.kind.padEnd(7)} ${String(step.rate).padStart(6)}/s × ${step.seconds}s: ` +
    `${step.completed}/${step.started} ok, check p99 ${ms(l.check.p99)} ms, create p99 ${ms(l.create.p99)} ms, ` +
    `provider p99 ${ms(l.provider.p99)} ms, delivered p99 ${ms(l.delivered.p99)} ms, lag max ${step.backlog.max} ` +
    `→ ${step.passed ? 'sustained' : `not sustained (${step.reasons.join('; ')})`}`
  );
}

/**
 * Finds the highest rate sustained (see runStep's verdict): short steps multiplying the rate until one fails
 * (or halving it until one passes), a few bisection steps between the last pass and the first failure, then a
 * full-length confirmation step (stepping down if it fails), and a full-length step at half that rate.
 */
export async function ramp(
  measured: Measured,
  options: BenchOptions,
  startRate: number,
  log: (line: string) => void,
): Promise<RampResult> {
  const steps: StepResult[] = [];
  const step = async (kind: StepKind, rate: number, seconds: number): Promise<StepResult> => {
    const result = await runStep(measured, options, kind, rate, seconds);
    steps.push(result);
    log(describeStep(result));
    return result;
  };
  const minRate = Math.min(0.25, startRate);
  let pass = 0;
  let fail = Number.POSITIVE_INFINITY;
  let rate = round(Math.min(startRate, options.maxRate));
  for (let i = 0; i < options.maxSteps; i++) {
    const passed = (await step('search', rate, options.stepSeconds)).passed;
    if (passed) pass = rate;
    else fail = rate;
    if (passed && (fail !== Number.POSITIVE_INFINITY || rate >= options.maxRate)) break;
    if (!passed && (pass > 0 || rate <= minRate)) break;
    rate = round(
      passed ? Math.min(rate * options.rateFactor, options.maxRate) : Math.max(rate / options.rateFactor, minRate),
    );
  }
  if (pass > 0 && Number.isFinite(fail)) {
    for (let i = 0; i < options.bisectSteps; i++) {
      const mid = round(Math.sqrt(pass * fail));
      if (mid <= pass || mid >= fail) break;
      if ((await step('search', mid, options.stepSeconds)).passed) pass = mid;
      else fail = mid;
    }
  }
  if (pass === 0) {
    return { steps, sustainedRate: null, floor: await step('floor', round(rate), options.confirmSeconds) };
  }
  let candidate = pass;
  for (let attempt = 0; attempt < 3; attempt++) {
    const confirmed = await step('confirm', candidate, options.confirmSeconds);
    if (confirmed.passed) {
      const half = await step('half', round(candidate / 2), options.halfSeconds);
      return { steps, sustainedRate: candidate, sustained: confirmed, half };
    }
    candidate = round(candidate * 0.8);
    if (candidate < minRate) break;
  }
  return { steps, sustainedRate: null, floor: steps[steps.length - 1] };
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from '../options';
import { halfMeanGrowth, summarize, type Summary } from '../support/stats';
import { countsBetween, type CommandCounts } from '../system/db-command-counters';
import type { KafkaBacklog, LagSample } from '../system/kafka-backlog';
import { LagSampler } from '../system/kafka-backlog';
import { cpuBetween, snapshot, waitBetween, type ProcessSample, type WatchedProcess } from '../system/process-stats';
import { runFlow, type FlowResult, type FlowTarget } from './flow';
import { openLoop, type InFlight } from './open-loop';

/** A source of counters read before and after a step: database commands by process, bus messages, etc. */
export interface CounterSource {
  name: string;
  read(): Promise<CommandCounts>;
}

/** Everything a step measures against, for Tessera or for the raw ceiling. */
export interface Measured {
  target: FlowTarget;
  backlog: KafkaBacklog;
  processes(): WatchedProcess[];
  /** Database commands by process (and FerretDB's own total). */
  commands: CounterSource[];
  /** Bus messages consumed by process (to show replicas sharing the load). */
  consumed: CounterSource[];
  /** Topics whose messages per flow are counted. */
  topics: string[];
  /** Age in seconds of the oldest unpublished outbox entry, when the system exposes it. */
  outboxAge?: () => Promise<number | null>;
}

/** Messages of a flow the lag's groups consume: request, verify, 2 × delivered (otp-service), requested (channel-sms), 2 replies. */
const CONSUMED_PER_FLOW = 7;
/** The consumers' offset commit interval (libs/messaging bus-server.ts, bus-client.ts). */
const COMMIT_INTERVAL_SECONDS = 1;
/** The outbox age is read from the otp-service's /metrics: once a second is enough, and cheap for it. */
const OUTBOX_SAMPLE_MS = 1000;

export type StepKind = 'search' | 'capacity' | 'confirm' | 'half' | 'floor' | 'profile';

export interface StepResult {
  kind: StepKind;
  rate: number;
  seconds: number;
  started: number;
  completed: number;
  failed: number;
  errors: Record<string, number>;
  /** Completed flows per second of arrivals. */
  throughput: number;
  latency: { create: Summary; provider: Summary; delivered: Summary; check: Summary };
  startLag: Summary;
  backlog: {
    samples: LagSample[];
    /** Lag when the last flow was due. */
    atEnd: number;
    max: number;
    /** Growth of the lag over the second half of the arrivals (its quarters' means), messages per second. */
    growthPerSecond: number;
    /** Flows started but not finished, growth per second over the second half. */
    inFlightGrowthPerSecond: number;
    outboxAgeMaxSeconds: number | null;
    /** Seconds from the last arrival until every flow finished and the lag was back to zero. */
    drainSeconds: number;
  };
  /** CPU ms by process over the step, from its first arrival until drained; and the window's length. */
  cpuMs: Record<string, number>;
  /** Ms each process's threads waited for a core over the same window (absent in results saved before it). */
  waitMs?: Record<string, number>;
  windowSeconds: number;
  memory: Record<string, ProcessSample>;
  commands: Record<string, CommandCounts>;
  consumed: Record<string, CommandCounts>;
  messages: Record<string, number>;
  /** The system kept up: no failures beyond the allowance, no growing backlog, drained, generator on time. */
  keepsUp: boolean;
  /** p99 check under the criterion. */
  fast: boolean;
  /** Sustained: kept up and fast. */
  passed: boolean;
  reasons: string[];
}

async function readAll(sources: CounterSource[]): Promise<Record<string, CommandCounts>> {
  const entries = await Promise.all(
    sources.map(async (s) => [s.name, await s.read().catch((): CommandCounts => ({}))] as const),
  );
  return Object.fromEntries(entries);
}

function deltas(
  before: Record<string, CommandCounts>,
  after: Record<string, CommandCounts>,
): Record<string, CommandCounts> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, countsBetween(before[k] ?? {}, after[k])]));
}

/** Waits until the consumer lag is zero (bounded); returns whether it got there. */
export async function waitForZeroLag(backlog: KafkaBacklog, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await backlog.lag().catch(() => ({ total: -1 }))).total === 0) return true;
    await sleep(250);
  }
  return false;
}

/**
 * One step: flows at `rate` for `seconds` (open loop), then the drain; with the resources each process spent,
 * database commands and bus messages, and the verdict: sustained or not, and why.
 */
export async function runStep(
  measured: Measured,
  options: BenchOptions,
  kind: StepKind,
  rate: number,
  seconds: number,
): Promise<StepResult> {
  const processes = measured.processes();
  const [commandsBefore, consumedBefore, messagesBefore] = await Promise.all([
    readAll(measured.commands),
    readAll(measured.consumed),
    measured.backlog.messageCounts(measured.topics),
  ]);
  const cpuBefore = snapshot(processes);
  const windowStart = performance.now();
  const inFlight: InFlight = { started: 0, finished: 0 };
  const inFlightSamples: { x: number; y: number }[] = [];
  const outboxAges: number[] = [];
  const sampler = new LagSampler(measured.backlog, options.lagIntervalMs).start();
  const inFlightSampler = setInterval(() => {
    inFlightSamples.push({ x: (performance.now() - windowStart) / 1000, y: inFlight.started - inFlight.finished });
  }, options.lagIntervalMs);
  const side = setInterval(() => {
    if (measured.outboxAge) {
      void measured
        .outboxAge()
        .then((age) => age !== null && outboxAges.push(age))
        .catch(() => undefined);
    }
  }, OUTBOX_SAMPLE_MS);
  let arrivalsEnd = 0;
  const flows = openLoop(
    { rate, seconds, arrivals: options.arrivals },
    (due) => runFlow(measured.target, due, options.flowTimeoutMs, { checkDelayMs: options.checkDelayMs }),
    inFlight,
  );
  const endOfArrivals = sleep(seconds * 1000).then(() => (arrivalsEnd = (performance.now() - windowStart) / 1000));
  const [results] = await Promise.all([flows, endOfArrivals]);
  clearInterval(side);
  clearInterval(inFlightSampler);
  const drained = await waitForZeroLag(measured.backlog, 30_000);
  const drainSeconds = (performance.now() - windowStart) / 1000 - arrivalsEnd;
  const samples = sampler.stop();
  const cpuAfter = snapshot(processes);
  const windowSeconds = (performance.now() - windowStart) / 1000;
  const [commandsAfter, consumedAfter, messagesAfter] = await Promise.all([
    readAll(measured.commands),
    readAll(measured.consumed),
    measured.backlog.messageCounts(measured.topics),
  ]);
  return judge(options, {
    kind,
    rate,
    seconds,
    results,
    samples,
    arrivalsEnd,
    inFlightSamples,
    outboxAges,
    drained,
    drainSeconds,
    cpuMs: cpuBetween(cpuBefore, cpuAfter),
    waitMs: waitBetween(cpuBefore, cpuAfter),
    memory: Object.fromEntries(cpuAfter),
    windowSeconds,
    commands: deltas(commandsBefore, commandsAfter),
    consumed: deltas(consumedBefore, consumedAfter),
    messages: Object.fromEntries(
      Object.entries(messagesAfter).map(([topic, count]) => [topic, count - (messagesBefore[topic] ?? 0)]),
    ),
  });
}

interface RawStep {
  kind: StepKind;
  rate: number;
  seconds: number;
  results: FlowResult[];
  samples: LagSample[];
  arrivalsEnd: number;
  inFlightSamples: { x: number; y: number }[];
  outboxAges: number[];
  drained: boolean;
  drainSeconds: number;
  cpuMs: Record<string, number>;
  waitMs: Record<string, number>;
  memory: Record<string, ProcessSample>;
  windowSeconds: number;
  commands: Record<string, CommandCounts>;
  consumed: Record<string, CommandCounts>;
  messages: Record<string, number>;
}

function judge(options: BenchOptions, step: RawStep): StepResult {
  const ok = step.results.filter((r) => r.ok);
  const errors: Record<string, number> = {};
  for (const r of step.results) if (!r.ok) errors[r.error ?? 'unknown'] = (errors[r.error ?? 'unknown'] ?? 0) + 1;
  const pick = (f: (r: FlowResult) => number | undefined): number[] =>
    ok.map(f).filter((v): v is number => v !== undefined);
  const latency = {
    create: summarize(pick((r) => r.createMs)),
    provider: summarize(pick((r) => r.providerMs)),
    delivered: summarize(pick((r) => r.deliveredMs)),
    check: summarize(pick((r) => r.checkMs)),
  };
  const startLag = summarize(step.results.map((r) => r.startLagMs));
  // over the second half of the arrivals (the first half holds the climb from idle): its third quarter's mean
  // against its fourth's
  const half = step.arrivalsEnd / 2;
  const lagPoints = step.samples.map((s) => ({ x: s.at, y: s.total }));
  const growthPerSecond = halfMeanGrowth(lagPoints, half, step.arrivalsEnd);
  const inFlightGrowthPerSecond = halfMeanGrowth(step.inFlightSamples, half, step.arrivalsEnd);
  const atEnd = [...step.samples].reverse().find((s) => s.at <= step.arrivalsEnd)?.total ?? 0;
  const failed = step.results.length - ok.length;
  const reasons: string[] = [];
  // a backlog "grows" when, over the second half of the step, it gains more than a second's worth of arrivals
  const allowance = Math.max(20, step.rate);
  // the lag is read from committed offsets, which trail the consumers by up to one commit interval of what they
  // consumed: its sawtooth is not a backlog (the flows in flight are the end-to-end measure)
  const lagAllowance = allowance + step.rate * CONSUMED_PER_FLOW * COMMIT_INTERVAL_SECONDS;
  if (step.results.length === 0) reasons.push('no flows');
  if (failed > options.maxFailedRatio * step.results.length) reasons.push(`${failed} flows failed`);
  if (growthPerSecond * (step.arrivalsEnd / 2) > lagAllowance) {
    reasons.push(`consumer lag growing ${growthPerSecond.toFixed(1)} msg/s`);
  }
  if (inFlightGrowthPerSecond * (step.arrivalsEnd / 2) > allowance) {
    reasons.push(`flows in flight growing ${inFlightGrowthPerSecond.toFixed(1)}/s`);
  }
  if (!step.drained) reasons.push('lag not back to zero 30 s after the step');
  const outboxAgeMaxSeconds = step.outboxAges.length ? Math.max(...step.outboxAges) : null;
  if (outboxAgeMaxSeconds !== null && outboxAgeMaxSeconds > 5) {
    reasons.push(`outbox age ${outboxAgeMaxSeconds.toFixed(1)} s`);
  }
  if (startLag.p99 > 50) reasons.push(`generator late (p99 ${startLag.p99.toFixed(0)} ms): result not valid`);
  const keepsUp = reasons.length === 0;
  const fast = latency.check.p99 < options.p99CheckMs;
  if (!fast) reasons.push(`p99 check ${latency.check.p99.toFixed(0)} ms ≥ ${options.p99CheckMs} ms`);
  return {
    kind: step.kind,
    rate: step.rate,
    seconds: step.seconds,
    started: step.results.length,
    completed: ok.length,
    failed,
    errors,
    throughput: ok.length / step.seconds,
    latency,
    startLag,
    backlog: {
      samples: step.samples,
      atEnd,
      max: Math.max(0, ...step.samples.map((s) => s.total)),
      growthPerSecond,
      inFlightGrowthPerSecond,
      outboxAgeMaxSeconds,
      drainSeconds: step.drainSeconds,
    },
    cpuMs: step.cpuMs,
    waitMs: step.waitMs,
    windowSeconds: step.windowSeconds,
    memory: step.memory,
    commands: step.commands,
    consumed: step.consumed,
    messages: step.messages,
    keepsUp,
    fast,
    passed: keepsUp && fast,
    reasons,
  };
}

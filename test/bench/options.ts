/**
 * Every knob of `npm run bench`, read once: environment variables `BENCH_*`, or the same names as flags
 * (`npm run bench -- --quick --phases=empty,raw --seed=2000`). `--quick` (or BENCH_QUICK=1) shortens every
 * phase for development; any explicit value still wins over it.
 */
export const PHASES = ['idle', 'empty', 'scaling', 'data', 'profile', 'raw'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  quick: boolean;
  phases: Phase[];
  /** Ramps per configuration; the report gives the median of each figure. */
  runs: number;
  /** Ramps of the scaling and data configurations (default: `runs`), when time is short. */
  sideRuns: number;
  stepSeconds: number;
  confirmSeconds: number;
  halfSeconds: number;
  idleSeconds: number;
  idleProfileSeconds: number;
  profileSeconds: number;
  startRate: number;
  rateFactor: number;
  maxRate: number;
  bisectSteps: number;
  /** Search steps of one ramp at most (bounds the loop). */
  maxSteps: number;
  /** The downward search stops here: a system that misses the criteria below it sustains nothing. */
  minRate: number;
  /** A step lasts long enough for at least this many flows (its p99 means something). */
  minFlows: number;
  /** Pause between the code arriving and the check (a person typing it); 0 checks at once. */
  checkDelayMs: number;
  p99CheckMs: number;
  maxFailedRatio: number;
  arrivals: 'poisson' | 'uniform';
  flowTimeoutMs: number;
  seed: number;
  seedConcurrency: number;
  seedMaxMinutes: number;
  /** Seconds between two consumer-lag samples. */
  lagIntervalMs: number;
  /** Gauge on the otp-service's /metrics giving the age of the oldest unpublished outbox entry, if it has one. */
  outboxMetric: string;
  /** Where BENCHMARKS.md is (re)written. */
  outputFile: string;
  keepData: boolean;
  build: boolean;
  /** Extra NODE_OPTIONS for every app (experiments: flags, preloads). */
  appNodeOptions: string;
  /** Rate of the profiled step; default the empty store's sustained rate. */
  profileRate: number | null;
}

type Source = Record<string, string | undefined>;

function fromFlags(argv: string[]): Source {
  const flags: Source = {};
  for (const arg of argv) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg} (flags look like --name or --name=value)`);
    flags[`BENCH_${match[1].replace(/-/g, '_').toUpperCase()}`] = match[2] ?? '1';
  }
  return flags;
}

export function readOptions(env: Source = process.env, argv: string[] = process.argv.slice(2)): BenchOptions {
  const source: Source = { ...env, ...fromFlags(argv) };
  const text = (name: string): string | undefined => {
    const value = source[`BENCH_${name}`];
    return value === undefined || value === '' ? undefined : value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const value = text(name);
    return value === undefined ? fallback : !['0', 'false', 'no'].includes(value.toLowerCase());
  };
  const quick = flag('QUICK', false);
  const num = (name: string, full: number, short: number, min = 0): number => {
    const value = text(name);
    const parsed = value === undefined ? (quick ? short : full) : Number(value);
    if (!Number.isFinite(parsed) || parsed < min) throw new Error(`BENCH_${name} must be a number ≥ ${min}`);
    return parsed;
  };
  const phases = (text('PHASES') ?? PHASES.join(',')).split(',').map((p) => p.trim());
  for (const phase of phases) {
    if (!(PHASES as readonly string[]).includes(phase)) {
      throw new Error(`BENCH_PHASES: unknown phase ${phase} (known: ${PHASES.join(', ')})`);
    }
  }
  const arrivals = text('ARRIVALS') ?? 'poisson';
  const profileRate = text('PROFILE_RATE');
  if (arrivals !== 'poisson' && arrivals !== 'uniform') throw new Error('BENCH_ARRIVALS must be poisson or uniform');
  return {
    quick,
    phases: phases as Phase[],
    runs: Math.round(num('RUNS', 3, 1, 1)),
    sideRuns: Math.round(num('SIDE_RUNS', num('RUNS', 3, 1, 1), num('RUNS', 3, 1, 1), 1)),
    stepSeconds: num('STEP_SECONDS', 15, 6, 1),
    confirmSeconds: num('CONFIRM_SECONDS', 60, 15, 1),
    halfSeconds: num('HALF_SECONDS', 60, 10, 1),
    idleSeconds: num('IDLE_SECONDS', 60, 10, 1),
    idleProfileSeconds: num('IDLE_PROFILE_SECONDS', 30, 10, 1),
    profileSeconds: num('PROFILE_SECONDS', 60, 15, 1),
    startRate: num('START_RATE', 2, 1, 0.05),
    rateFactor: num('RATE_FACTOR', 2, 2, 1.05),
    maxRate: num('MAX_RATE', 2000, 2000, 0.05),
    bisectSteps: Math.round(num('BISECT_STEPS', 2, 1)),
    maxSteps: Math.round(num('MAX_STEPS', 14, 10, 1)),
    minRate: num('MIN_RATE', 1, 0.5, 0.05),
    minFlows: Math.round(num('MIN_FLOWS', 50, 15, 1)),
    checkDelayMs: num('CHECK_DELAY_MS', 0, 0),
    p99CheckMs: num('P99_CHECK_MS', 50, 50, 1),
    maxFailedRatio: num('MAX_FAILED_RATIO', 0.001, 0.001),
    arrivals,
    flowTimeoutMs: num('FLOW_TIMEOUT_MS', 30_000, 20_000, 1000),
    seed: Math.round(num('SEED', 100_000, 200)),
    seedConcurrency: Math.round(num('SEED_CONCURRENCY', 64, 16, 1)),
    seedMaxMinutes: num('SEED_MAX_MINUTES', 60, 5, 0.1),
    lagIntervalMs: num('LAG_INTERVAL_MS', 500, 500, 100),
    outboxMetric: text('OUTBOX_METRIC') ?? 'tessera_outbox_oldest_age_seconds',
    outputFile: text('OUTPUT') ?? 'BENCHMARKS.md',
    keepData: flag('KEEP_DATA', false),
    build: flag('BUILD', true),
    appNodeOptions: text('APP_NODE_OPTIONS') ?? '',
    profileRate: profileRate === undefined ? null : num('PROFILE_RATE', 1, 1, 0.05),
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdleResult } from '../load/idle';
import type { RampResult } from '../load/ramp';
import type { SeedResult } from '../load/seed';
import type { StepResult } from '../load/step';
import type { BenchOptions } from '../options';
import type { ProfileResult } from '../profile/profile-phase';
import type { RawPlan } from '../raw/raw-plan';
import { median } from '../support/stats';
import { writeMarkedSection } from './marked-section';
import { TESSERA_GROUPS } from '../system/tessera-under-test';
import type { Machine } from './machine';

export interface ConfigResult {
  label: string;
  runs: RampResult[];
}

export interface BenchResults {
  runId: string;
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  machine: Machine;
  bench: { command: string };
  overrides: Record<string, Record<string, string> | undefined>;
  idle?: IdleResult;
  empty?: ConfigResult;
  profile?: ProfileResult;
  scaling?: ConfigResult;
  data?: ConfigResult & { seed: SeedResult };
  raw?: ConfigResult & { plan: RawPlan };
  error?: string;
}

/**
 * The step a run's costs (CPU, commands, messages per flow) come from: the capacity step, where the background
 * weighs least per flow; else the sustained one, else the lowest rate tried.
 */
export const referenceStep = (run: RampResult): StepResult | undefined => run.capacity ?? run.sustained ?? run.floor;

const finite = (v: number): boolean => Number.isFinite(v);
const fmt = (v: number, digits = 0): string => (finite(v) ? v.toFixed(digits) : '–');
const ms = (v: number): string => (finite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '–');
const rateText = (v: number | null | undefined): string =>
  v === null || v === undefined || !finite(v) ? 'none' : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}/s`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Median over runs; a run without one counts as NaN, so the median needs most runs to have found a rate. */
function sustainedOf(config: ConfigResult | undefined): number {
  return strictMedian((config?.runs ?? []).map((r) => r.sustainedRate));
}

function capacityOf(config: ConfigResult | undefined): number {
  return strictMedian((config?.runs ?? []).map((r) => r.capacityRate));
}

/** The median of the runs' rates where a run without one ranks lowest (so two of three must have one). */
function strictMedian(rates: Array<number | null>): number {
  if (rates.length === 0) return Number.NaN;
  const sorted = rates.map((v) => v ?? -1).sort((a, b) => a - b);
  const mid =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return mid < 0 ? Number.NaN : mid;
}

/** The median over runs of one figure of each run's reference step. */
function medianOf(config: ConfigResult | undefined, pick: (s: StepResult) => number, which = referenceStep): number {
  return median(
    (config?.runs ?? [])
      .map(which)
      .filter((s): s is StepResult => s !== undefined)
      .map(pick),
  );
}

const configs = (r: BenchResults): Array<[string, ConfigResult | undefined]> => [
  ['empty store', r.empty],
  [`with ${r.data?.seed.stored ?? 0} stored`, r.data],
  ['2 × otp-service, 2 × channel-sms', r.scaling],
  ['raw ceiling', r.raw],
];

/** The system proper: not the sandbox (the provider) nor the generator. */
const inSystem = (name: string): boolean => name !== 'sandbox' && name !== 'load generator';

/** CPU ms per flow summed over the processes of one role. */
function cpuPerFlow(step: StepResult, role: 'system' | 'all', names?: string[]): number {
  const entries = Object.entries(step.cpuMs).filter(([name]) => {
    if (names) return names.includes(name);
    if (role === 'system') return inSystem(name);
    return true;
  });
  return entries.reduce((s, [, v]) => s + v, 0) / Math.max(1, step.completed);
}

function machineTable(r: BenchResults): string {
  const m = r.machine;
  return table(
    ['machine', 'versions'],
    [
      [`${m.cores} × ${m.cpu}, ${m.memoryGb} GB`, `Node ${m.node}, Kafka ${m.kafka}, FerretDB ${m.ferretdb} (SQLite)`],
      [
        `${m.os}, Linux ${m.kernel}`,
        Object.entries(m.packages)
          .map(([p, v]) => `${p} ${v}`)
          .join(', '),
      ],
      [`commit ${m.commit}`, 'everything on one machine: Kafka, FerretDB, every app, the sandbox and the generator'],
    ],
  );
}

/**
 * Two configurations compared by capacity (else by sustained rate): where the p99 check crosses its bound at a
 * few flows a second, both sustained rates sit at the search's floor and their ratio says nothing.
 */
function ratio(a: ConfigResult | undefined, b: ConfigResult | undefined): { value: number; kind: string } {
  const [ca, cb] = [capacityOf(a), capacityOf(b)];
  if (finite(ca) && finite(cb) && cb > 0) return { value: ca / cb, kind: 'capacities' };
  const [sa, sb] = [sustainedOf(a), sustainedOf(b)];
  if (finite(sa) && finite(sb) && sb > 0) return { value: sa / sb, kind: 'sustained rates' };
  return { value: Number.NaN, kind: '' };
}

const percent = (v: number): string => (finite(v) ? `${(100 * v).toFixed(0)} %` : '–');

function headline(r: BenchResults): string {
  const o = r.options;
  const lines = [
    `- **Tessera sustains ${rateText(sustainedOf(r.empty))}** complete SMS flows with p99 check < ${o.p99CheckMs} ms, ` +
      `and keeps up with **${rateText(capacityOf(r.empty))}** (its capacity: no growing backlog, latency aside); ` +
      'empty store, one replica of each app.',
  ];
  if (r.raw) {
    const share = ratio(r.empty, r.raw);
    lines.push(
      `- The **raw ceiling** (bare kafkajs + MongoDB driver, the same hops and database commands) sustains ` +
        `${rateText(sustainedOf(r.raw))} and keeps up with ${rateText(capacityOf(r.raw))}` +
        (finite(share.value) ? `: Tessera reaches **${percent(share.value)} of the ceiling** (${share.kind}).` : '.'),
    );
  }
  const cpu = medianOf(r.empty, (s) => cpuPerFlow(s, 'system'));
  if (finite(cpu)) {
    lines.push(
      `- ${fmt(cpu)} ms of CPU per flow over all Tessera processes, Kafka and FerretDB (at ${referenceLabel(r.empty)}).`,
    );
  }
  const floor = r.empty?.runs.find((run) => run.floor)?.floor;
  if (floor) {
    lines.push(
      `- It kept up with no rate tried; the figures below come from a ${floor.seconds} s step at ` +
        `${rateText(floor.rate)} (${floor.reasons.join('; ')}).`,
    );
  }
  if (r.error) lines.push(`- **The run stopped early**: ${r.error}`);
  return lines.join('\n');
}

/** Which step the per-flow figures of a configuration come from. */
function referenceLabel(config: ConfigResult | undefined): string {
  const step = config?.runs.map(referenceStep).find((s) => s !== undefined);
  if (!step) return 'no step';
  const kind =
    step.kind === 'confirm' || step.passed
      ? 'the sustained rate'
      : step.kind === 'floor'
        ? 'the lowest rate'
        : 'its capacity';
  return `${kind}, ${rateText(
    median(
      config!.runs
        .map(referenceStep)
        .filter((s): s is StepResult => !!s)
        .map((s) => s.rate),
    ),
  )}`;
}

const NOT_SERVICES = ['kafka', 'ferretdb', 'sandbox', 'load generator'];

function targets(r: BenchResults): string {
  const tessera = sustainedOf(r.empty);
  const half = (pick: (s: StepResult) => number): number => medianOf(r.empty, pick, (run) => run.half ?? run.floor);
  const cpu = medianOf(r.empty, (s) => cpuPerFlow(s, 'system'));
  const idleCpu = r.idle ? systemIdle(r.idle) : Number.NaN;
  const peakRss = Math.max(
    0,
    ...[r.empty, r.data, r.scaling]
      .flatMap((c) => c?.runs ?? [])
      .flatMap((run) => run.steps)
      // Tessera's services: not Kafka, FerretDB, the sandbox (the providers' stand-in) or the load generator
      .flatMap((s) => Object.entries(s.memory).filter(([n]) => !NOT_SERVICES.includes(n)))
      .map(([, m]) => m.peakRssKb / 1024),
  );
  const verdict = (ok: boolean | null): string => (ok === null ? 'not measured' : ok ? 'met' : '**missed**');
  const known = (v: number, ok: (v: number) => boolean): boolean | null => (finite(v) ? ok(v) : null);
  const share = ratio(r.empty, r.raw);
  const data = ratio(r.data, r.empty);
  const scaled = ratio(r.scaling, r.empty);
  const shares = replicaShares(r);
  const halfCheck = half((s) => s.latency.check.p99);
  const halfProvider = half((s) => s.latency.provider.p99);
  const rows: string[][] = [
    [
      'complete flows sustained',
      '≥ 100/s',
      `${rateText(tessera)} (capacity ${rateText(capacityOf(r.empty))})`,
      verdict(r.empty ? (finite(tessera) ? tessera >= 100 : false) : null),
    ],
    ['CPU per flow, all processes', '≤ 20 ms', `${fmt(cpu)} ms`, verdict(known(cpu, (v) => v <= 20))],
    [
      'p99 check at half the sustained rate',
      '≤ 30 ms',
      `${ms(halfCheck)} ms`,
      verdict(known(halfCheck, (v) => v <= 30)),
    ],
    [
      'p99 request → provider call at half the rate',
      '≤ 100 ms',
      `${ms(halfProvider)} ms`,
      verdict(known(halfProvider, (v) => v <= 100)),
    ],
    [
      'share of the raw ceiling',
      '≥ 50 %',
      `${percent(share.value)} ${share.kind ? `(${share.kind})` : ''}`,
      verdict(known(share.value, (v) => v >= 0.5)),
    ],
    [
      `throughput with ${r.data?.seed.stored ?? 0} stored vs empty`,
      'within 10 %',
      `${percent(data.value)} ${data.kind ? `(${data.kind})` : ''}`,
      verdict(known(data.value, (v) => v >= 0.9)),
    ],
    ['CPU at rest, all processes', 'near zero', `${fmt(idleCpu)} ms/s`, verdict(known(idleCpu, (v) => v <= 20))],
    ['peak RSS of any Tessera service', '< 200 MB', `${fmt(peakRss)} MB`, verdict(peakRss > 0 ? peakRss < 200 : null)],
    [
      'second otp-service and channel-sms replica',
      'share the load',
      r.scaling ? `${sharesText(shares)}; capacity ${percent(scaled.value)} of one replica's` : '–',
      verdict(shares.length > 0 ? shares.every((s) => s.smaller >= MIN_REPLICA_SHARE) : null),
    ],
  ];
  return table(['target', 'goal', 'measured', ''], rows);
}

function rates(r: BenchResults): string {
  const rows = configs(r)
    .filter(([, c]) => c)
    .map(([label, c]) => {
      const each = c!.runs.map((run) => `${rateText(run.sustainedRate)} / ${rateText(run.capacityRate)}`);
      const cpu = medianOf(c, (s) => cpuPerFlow(s, 'system'));
      return [
        label,
        each.join(' · '),
        `**${rateText(sustainedOf(c))}**`,
        `**${rateText(capacityOf(c))}**`,
        `${fmt(cpu)} ms`,
      ];
    });
  return `Sustained: p99 check < ${r.options.p99CheckMs} ms and keeping up; capacity: keeping up (no growing backlog, no failures), latency aside.\n\n${table(
    [
      'configuration',
      'each run (sustained / capacity)',
      'sustained, median',
      'capacity, median',
      'CPU per flow (system)',
    ],
    rows,
  )}`;
}

function latency(r: BenchResults): string {
  const rows: string[][] = [];
  for (const [label, c] of configs(r)) {
    if (!c) continue;
    for (const [which, pick] of [
      ['sustained', (run: RampResult) => run.sustained],
      ['capacity', (run: RampResult) => run.capacity],
      ['half', (run: RampResult) => run.half],
      ['lowest tried', (run: RampResult) => run.floor],
    ] as const) {
      const steps = c.runs.map(pick).filter((s): s is StepResult => s !== undefined);
      if (steps.length === 0) continue;
      const cell = (key: 'create' | 'provider' | 'delivered' | 'check'): string =>
        (['p50', 'p95', 'p99', 'max'] as const).map((p) => ms(median(steps.map((s) => s.latency[key][p])))).join(' / ');
      const rate = median(steps.map((s) => s.rate));
      const kind =
        which === 'half'
          ? 'half'
          : steps[0].kind === 'floor'
            ? 'lowest tried'
            : steps[0].passed
              ? 'sustained'
              : 'capacity';
      rows.push([
        `${label}, ${kind}`,
        rateText(rate),
        cell('create'),
        cell('provider'),
        cell('delivered'),
        cell('check'),
      ]);
    }
  }
  return `p50 / p95 / p99 / max, median over runs.\n\n${table(
    ['configuration', 'rate', 'create', 'request → provider call', 'request → delivered receipt', 'check'],
    rows,
  )}`;
}

function cpu(r: BenchResults): string {
  const present = configs(r).filter(([, c]) => c);
  const names = new Set<string>();
  for (const [, c] of present)
    for (const run of c!.runs) for (const n of Object.keys(referenceStep(run)?.cpuMs ?? {})) names.add(n);
  const order = [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = order.map((name) => [
    name,
    ...present.map(([, c]) => ms(medianOf(c, (s) => (s.cpuMs[name] ?? Number.NaN) / Math.max(1, s.completed)))),
  ]);
  rows.push([
    '**sum (system: apps, Kafka, FerretDB)**',
    ...present.map(([, c]) => `**${ms(medianOf(c, (s) => cpuPerFlow(s, 'system')))}**`),
  ]);
  rows.push([
    'sum with sandbox and generator',
    ...present.map(([, c]) => ms(medianOf(c, (s) => cpuPerFlow(s, 'all')))),
  ]);
  if (r.idle) {
    const idleRates = r.idle.cpuMsPerSecond;
    const net = (step: StepResult): number =>
      Object.entries(step.cpuMs)
        .filter(([name]) => inSystem(name))
        .reduce((sum, [name, v]) => sum + v - (idleRates[name.replace(/#\d+$/, '')] ?? 0) * step.windowSeconds, 0) /
      Math.max(1, step.completed);
    rows.push(['sum (system) less its CPU at rest over the step', ...present.map(([, c]) => ms(medianOf(c, net)))]);
  }
  return table(['process', ...present.map(([l]) => l)], rows);
}

/**
 * At each configuration's half step: CPU and time waiting for a core, per flow, by process. Two cores shared by
 * every process: the waits are where a flow's latency goes when no process is short of CPU on its own.
 */
function waiting(r: BenchResults): string {
  const present = configs(r).filter(([, c]) => c?.runs.some((run) => run.half?.waitMs));
  if (present.length === 0)
    return 'Not in this run (its results were saved before the benchmark read run-queue waits).';
  const atHalf = (c: ConfigResult | undefined, pick: (s: StepResult) => number) =>
    medianOf(c, pick, (run: RampResult) => run.half);
  const perFlow = (values: Record<string, number> | undefined, s: StepResult, name?: string) =>
    (name === undefined ? systemSum(values) : (values?.[name] ?? Number.NaN)) / Math.max(1, s.completed);
  const cell = (c: ConfigResult | undefined, name?: string) =>
    `${ms(atHalf(c, (s) => perFlow(s.cpuMs, s, name)))} / ${ms(atHalf(c, (s) => perFlow(s.waitMs, s, name)))}`;
  const names = new Set<string>();
  for (const [, c] of present)
    for (const run of c!.runs) for (const n of Object.keys(run.half?.waitMs ?? {})) names.add(n);
  const order = [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = order.map((name) => [name, ...present.map(([, c]) => cell(c, name))]);
  rows.push(['**sum (system: apps, Kafka, FerretDB)**', ...present.map(([, c]) => `**${cell(c)}**`)]);
  rows.push([
    'rate; p99 check',
    ...present.map(([, c]) => `${rateText(atHalf(c, (s) => s.rate))}; ${ms(atHalf(c, (s) => s.latency.check.p99))}`),
  ]);
  return table(['process', ...present.map(([l]) => l)], rows);
}

/** The sum over the system's processes. */
function systemSum(values: Record<string, number> | undefined): number {
  return Object.entries(values ?? {})
    .filter(([name]) => inSystem(name))
    .reduce((sum, [, v]) => sum + v, 0);
}

function rank(name: string): number {
  if (name === 'kafka') return 0;
  if (name === 'ferretdb') return 1;
  if (name === 'sandbox') return 8;
  if (name === 'load generator') return 9;
  return 2;
}

/** CPU ms per second at rest of the system proper. */
const systemIdle = (result: IdleResult): number => systemSum(result.cpuMsPerSecond);

function idle(r: BenchResults): string {
  if (!r.idle) return 'Not measured (phase `idle` not run).';
  const entries = Object.entries(r.idle.cpuMsPerSecond).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const rows = entries.map(([name, v]) => [name, fmt(v, 1), fmt((r.idle!.memory[name]?.rssKb ?? Number.NaN) / 1024)]);
  rows.push(['**sum (system: apps, Kafka, FerretDB)**', `**${fmt(systemIdle(r.idle), 1)}**`, '']);
  const commands = Object.entries(r.idle.commandsPerSecond)
    .map(([source, counts]) => [
      source,
      Object.entries(counts)
        .map(([c, v]) => `${c} ${v.toFixed(2)}`)
        .join(', ') || '0',
    ])
    .filter(([, text]) => text !== '0');
  const messages = Object.entries(r.idle.messagesPerSecond).map(([t, v]) => `${t} ${v.toFixed(2)}`);
  return [
    table(['process', 'CPU ms/s', 'RSS MB'], rows),
    '',
    `Database commands per second at rest: ${commands.length ? commands.map(([s, t]) => `${s}: ${t}`).join('; ') : 'none'}.`,
    `Bus messages per second at rest: ${messages.length ? messages.join(', ') : 'none'}.`,
  ].join('\n');
}

function memory(r: BenchResults): string {
  const present = configs(r).filter(([, c]) => c);
  const names = new Set<string>();
  for (const [, c] of present)
    for (const run of c!.runs) for (const s of run.steps) for (const n of Object.keys(s.memory)) names.add(n);
  const order = [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const peak = (c: ConfigResult | undefined, name: string): number => {
    const values = (c?.runs ?? [])
      .flatMap((run) => run.steps)
      .map((s) => (s.memory[name]?.peakRssKb ?? Number.NaN) / 1024)
      .filter(finite);
    return values.length ? Math.max(...values) : Number.NaN;
  };
  const rows = order.map((name) => [name, ...present.map(([, c]) => fmt(peak(c, name)))]);
  return `Peak RSS in MB (VmHWM from /proc/<pid>/status; for Kafka and FerretDB, which the benchmark does not restart, the peak of their whole life).\n\n${table(
    ['process', ...present.map(([l]) => l)],
    rows,
  )}`;
}

/** Commands per flow at the reference step, with the background measured at rest subtracted. */
function netCommands(step: StepResult, idleResult: IdleResult | undefined, source: string): Record<string, number> {
  const counts = step.commands[source] ?? {};
  const background = idleResult?.commandsPerSecond[source] ?? {};
  const net: Record<string, number> = {};
  for (const [command, value] of Object.entries(counts)) {
    net[command] = Math.max(0, value - (background[command] ?? 0) * step.windowSeconds) / Math.max(1, step.completed);
  }
  return net;
}

function commands(r: BenchResults): string {
  const rows: string[][] = [];
  for (const [label, c] of configs(r)) {
    if (!c || c === r.raw) continue;
    const steps = c.runs.map(referenceStep).filter((s): s is StepResult => s !== undefined);
    if (steps.length === 0) continue;
    const sources = [...new Set(steps.flatMap((s) => Object.keys(s.commands)))];
    for (const source of sources) {
      const perCommand = new Set(steps.flatMap((s) => Object.keys(s.commands[source] ?? {})));
      const parts = [...perCommand]
        .map((command) => [command, median(steps.map((s) => netCommands(s, r.idle, source)[command] ?? 0))] as const)
        .filter(([, v]) => v >= 0.05)
        .sort((a, b) => b[1] - a[1]);
      const sum = parts.reduce((s, [, v]) => s + v, 0);
      if (sum < 0.05 && source !== 'ferretdb') continue;
      rows.push([
        label,
        source === 'ferretdb' ? 'FerretDB (its own request count, every client)' : source,
        source === 'ferretdb' ? `**${fmt(sum, 1)}**` : fmt(sum, 1),
        parts.map(([command, v]) => `${command} ${fmt(v, 1)}`).join(', '),
      ]);
    }
  }
  if (r.raw)
    rows.push([
      'raw ceiling',
      'by plan (from the empty-store run)',
      fmt(r.raw.plan.summary.commandsPerFlow, 0),
      r.raw.plan.summary.text,
    ]);
  return `At the capacity step (else the sustained one, else the lowest rate tried), per completed flow, the commands of the same period at rest subtracted. Apps count with \`tessera_db_commands_total\` on their /metrics (driver command monitoring); FerretDB counts every request it gets (\`ferretdb_client_requests_total\`), including other clients of the shared server.\n\n${table(
    ['configuration', 'counted by', 'per flow', 'by command'],
    rows,
  )}`;
}

function messages(r: BenchResults): string {
  const rows: string[][] = [];
  for (const [label, c] of configs(r)) {
    if (!c) continue;
    const steps = c.runs.map(referenceStep).filter((s): s is StepResult => s !== undefined);
    if (steps.length === 0) continue;
    const topics = [...new Set(steps.flatMap((s) => Object.keys(s.messages)))];
    const parts = topics
      .map((t) => [t, median(steps.map((s) => (s.messages[t] ?? 0) / Math.max(1, s.completed)))] as const)
      .filter(([, v]) => v >= 0.05);
    rows.push([
      label,
      fmt(
        parts.reduce((s, [, v]) => s + v, 0),
        1,
      ),
      parts.map(([t, v]) => `${t} ${fmt(v, 2)}`).join(', '),
    ]);
  }
  return table(['configuration', 'per flow', 'by topic'], rows);
}

/** Bus messages one instance consumed over the step, every topic. */
const consumedBy = (s: StepResult, name: string): number =>
  Object.values(s.consumed[name] ?? {}).reduce((a, b) => a + b, 0);

/** A replica shares the load when it consumes at least this part of its pair's messages. */
const MIN_REPLICA_SHARE = 0.35;

/** Per app run twice in the scaling configuration: the part of the pair's consumed messages the less busy one took. */
function replicaShares(r: BenchResults): { app: string; smaller: number }[] {
  if (!r.scaling) return [];
  const steps = r.scaling.runs.map(referenceStep).filter((s): s is StepResult => s !== undefined);
  return ['otp-service', 'channel-sms'].map((app) => ({
    app,
    smaller: median(
      steps.map((s) => {
        const [one, two] = [consumedBy(s, app), consumedBy(s, `${app}#2`)];
        return one + two > 0 ? Math.min(one, two) / (one + two) : Number.NaN;
      }),
    ),
  }));
}

function sharesText(shares: { app: string; smaller: number }[]): string {
  if (shares.length === 0) return '–';
  return shares.map((s) => `${s.app} ${percent(1 - s.smaller)} / ${percent(s.smaller)} of the messages`).join(', ');
}

function scaling(r: BenchResults): string {
  if (!r.scaling) return 'Not measured (phase `scaling` not run).';
  const steps = r.scaling.runs.map(referenceStep).filter((s): s is StepResult => s !== undefined);
  const names = [...new Set(steps.flatMap((s) => Object.keys(s.consumed)))]
    .filter((n) => /otp-service|channel-sms/.test(n))
    .sort();
  const rows = names.map((name) => {
    const consumed = median(steps.map((s) => consumedBy(s, name) / Math.max(1, s.completed)));
    const cpuMs = median(steps.map((s) => (s.cpuMs[name] ?? Number.NaN) / Math.max(1, s.completed)));
    return [name, fmt(consumed, 2), ms(cpuMs)];
  });
  return `Bus messages each replica consumed and the CPU it spent, per flow, at the capacity step (median over runs). The Twilio status callbacks all reach the first channel-sms (one webhook URL).\n\n${table(
    ['instance', 'messages consumed per flow', 'CPU ms per flow'],
    rows,
  )}`;
}

function profile(r: BenchResults): string {
  if (!r.profile) return 'Not measured (phase `profile` not run).';
  const sections: string[] = [
    `Sampled in each app with the V8 profiler (the same sampler as \`node --cpu-prof\`, 1 ms interval), started and stopped by signal: ${r.profile.idleSeconds} s at rest${r.profile.settleSeconds ? ` (after ${r.profile.settleSeconds} s of quiet)` : ''}, then ${r.profile.loadSeconds} s at ${rateText(r.profile.rate)}. Profiles: \`${r.profile.dir}\` (open them in Chrome DevTools or speedscope). Self time: time in the function itself; "busy" excludes the idle samples.`,
  ];
  for (const [title, apps] of [
    [`Under load (${rateText(r.profile.rate)})`, r.profile.load],
    ['At rest', r.profile.idle],
  ] as const) {
    sections.push('', `#### ${title}`, '');
    sections.push(
      table(
        ['app', 'busy ms/s', 'GC', 'top packages by self time'],
        apps.map((a) => [
          a.app,
          fmt(a.summary.busyMs / a.summary.seconds, 1),
          `${fmt((100 * a.summary.gcMs) / Math.max(1, a.summary.busyMs))} %`,
          a.summary.packages
            .slice(0, 6)
            .map((p) => `${p.name} ${fmt(p.percent)} %`)
            .join(', '),
        ]),
      ),
    );
    for (const a of apps) {
      sections.push('', `<details><summary>${a.app}: top functions by self time</summary>`, '');
      sections.push(
        table(
          ['self ms', '% of busy', 'function', 'where'],
          a.summary.functions.map((f) => [fmt(f.selfMs), fmt(f.percent, 1), `\`${f.name}\``, f.where]),
        ),
        '',
        '</details>',
      );
    }
  }
  return sections.join('\n');
}

function steps(r: BenchResults): string {
  const rows: string[][] = [];
  for (const [label, c] of configs(r)) {
    if (!c) continue;
    c.runs.forEach((run, i) => {
      for (const s of run.steps) {
        rows.push([
          `${label} #${i + 1}`,
          s.kind,
          rateText(s.rate),
          `${s.seconds} s`,
          `${s.completed}/${s.started}`,
          ms(s.latency.check.p99),
          ms(s.latency.create.p99),
          ms(s.latency.provider.p99),
          String(s.backlog.max),
          s.passed ? 'sustained' : `${s.keepsUp ? 'kept up; ' : ''}${s.reasons.join('; ')}`,
        ]);
      }
    });
  }
  return `<details><summary>${rows.length} steps</summary>\n\n${table(
    ['configuration', 'step', 'rate', 'length', 'ok', 'p99 check', 'p99 create', 'p99 provider', 'max lag', 'verdict'],
    rows,
  )}\n\n</details>`;
}

/** BENCHMARKS.md's generated section, from the template in this folder. */
export function renderReport(r: BenchResults): string {
  const o = r.options;
  const template = readFileSync(join(__dirname, 'benchmarks.template.md'), 'utf8');
  const values: Record<string, string> = {
    command: r.bench.command,
    date: r.startedAt.slice(0, 16).replace('T', ' ') + ' UTC',
    runId: r.runId,
    mode: o.quick ? 'quick mode: short steps, not for publishing' : 'full',
    machine: machineTable(r),
    arrivals: o.arrivals === 'poisson' ? 'Poisson' : 'evenly spaced',
    confirmSeconds: String(o.confirmSeconds),
    p99CheckMs: String(o.p99CheckMs),
    maxFailedPercent: String(o.maxFailedRatio * 100),
    groups: TESSERA_GROUPS.join(', '),
    stepSeconds: String(o.stepSeconds),
    startRate: String(o.startRate),
    rateFactor: String(o.rateFactor),
    bisectSteps: String(o.bisectSteps),
    halfSeconds: String(o.halfSeconds),
    minFlows: String(o.minFlows),
    checkDelay: o.checkDelayMs > 0 ? `${o.checkDelayMs} ms after the code arrived` : 'as soon as the code arrived',
    runs: o.sideRuns === o.runs ? String(o.runs) : `${o.runs} (scaling and data: ${o.sideRuns})`,
    idleSeconds: String(o.idleSeconds),
    idleSettle: r.idle?.settleSeconds ? `, after ${r.idle.settleSeconds} s of quiet` : '',
    overrides: Object.entries(r.overrides)
      .map(
        ([app, env]) =>
          `${app}: ${Object.entries(env ?? {})
            .map(([k, v]) => `\`${k}=${v}\``)
            .join(', ')}`,
      )
      .join('; '),
    headline: headline(r),
    targets: targets(r),
    rates: rates(r),
    latency: latency(r),
    cpu: cpu(r),
    waiting: waiting(r),
    idle: idle(r),
    memory: memory(r),
    commands: commands(r),
    messages: messages(r),
    scaling: scaling(r),
    profile: profile(r),
    steps: steps(r),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? `{{${key}}}`).trimEnd();
}

/** Replaces the benchmark's section of BENCHMARKS.md (between its markers) or appends one. */
export function writeReport(file: string, markdown: string): void {
  writeMarkedSection(file, 'bench', markdown);
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { measureIdle } from './load/idle';
import { openLoop } from './load/open-loop';
import { ramp, type RampResult } from './load/ramp';
import { runFlow } from './load/flow';
import { seed } from './load/seed';
import { readOptions, type BenchOptions } from './options';
import { profileApps } from './profile/profile-phase';
import { runRawCeiling } from './raw/raw-ceiling';
import { derivePlan } from './raw/raw-plan';
import { describeMachine } from './report/machine';
import { renderReport, writeReport, type BenchResults, type ConfigResult } from './report/render-report';
import { median } from './support/stats';
import { dropDatabases } from './system/databases';
import {
  LocalSystem,
  TESSERA_HOME,
  buildAndProvision,
  ensureInfrastructure,
  type AppName,
} from './system/local-system';
import { TesseraUnderTest, createBenchTenant, tesseraTopics, type BenchTenant } from './system/tessera-under-test';

/**
 * `npm run bench`: the open-loop benchmark of the local system (see test/bench/README.md). It restarts the apps
 * `npm run up` runs, with the benchmark's own databases, measures, and leaves the apps stopped.
 */
const log = (line: string): void => {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/** Overrides the benchmark needs: no per-IP throttle on loopback, no provider send cap below the offered rate. */
const BENCH_OVERRIDES: Partial<Record<AppName, Record<string, string>>> = {
  gateway: { THROTTLE_PER_IP_PER_MINUTE: '1000000' },
  'channel-sms': { TWILIO_RATE_PER_SECOND: '10000' },
};

const REPLICA_PORT_OFFSET = 10;
/**
 * After the warm-up, before "at rest" is measured: pending callbacks done and start-up garbage collected. V8's memory
 * reducer compacts each app's heap about 40 s after the app starts (one or two full collections, 90–190 ms of CPU
 * over its threads, once); a shorter wait counted that in the rest.
 */
const IDLE_SETTLE_SECONDS = 60;

class Bench {
  private readonly runId = Date.now().toString(36);
  private readonly outDir = join(TESSERA_HOME, 'bench', this.runId);
  private readonly kafka = new Kafka({ clientId: 'bench', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  private admin!: Admin;
  private system!: LocalSystem;
  private tessera?: TesseraUnderTest;
  private tenant?: BenchTenant;
  private cleanedUp = false;
  readonly results: BenchResults;

  constructor(private readonly options: BenchOptions) {
    this.results = {
      runId: this.runId,
      startedAt: new Date().toISOString(),
      finishedAt: '',
      options,
      machine: describeMachine(),
      bench: {
        command: `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      },
      overrides: BENCH_OVERRIDES,
    };
  }

  async run(): Promise<void> {
    mkdirSync(this.outDir, { recursive: true });
    log(`run ${this.runId}: phases ${this.options.phases.join(', ')}; artifacts in ${this.outDir}`);
    ensureInfrastructure();
    if (this.options.build) buildAndProvision();
    this.admin = this.kafka.admin();
    await this.admin.connect();
    LocalSystem.stopLocalApps();
    this.system = new LocalSystem(this.runId, BENCH_OVERRIDES);
    const wants = (phase: string) => this.options.phases.includes(phase as never);
    await this.startTessera();
    if (wants('idle')) {
      log(`idle: ${IDLE_SETTLE_SECONDS} s to settle, then ${this.options.idleSeconds} s with no traffic`);
      await sleep(IDLE_SETTLE_SECONDS * 1000);
      this.results.idle = {
        ...(await measureIdle(this.tessera!.measured, this.options.idleSeconds)),
        settleSeconds: IDLE_SETTLE_SECONDS,
      };
    }
    if (wants('empty')) this.results.empty = await this.configRuns('empty store');
    if (wants('profile')) await this.profile();
    if (wants('scaling')) await this.scaling();
    if (wants('data')) await this.withData();
    if (wants('raw')) await this.rawCeiling();
  }

  private async startTessera(preloads: string[] = [], env: Record<string, string> = {}): Promise<void> {
    log('starting the apps (as npm run up does, with the benchmark databases)');
    const nodeOptions = [...preloads.map((file) => `--require ${file}`), this.options.appNodeOptions].filter(Boolean);
    await this.system.startAll({ ...env, ...(nodeOptions.length ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}) });
    this.tenant ??= await createBenchTenant(this.system);
    const topics = await tesseraTopics(this.admin);
    this.tessera = new TesseraUnderTest(
      this.system,
      this.kafka,
      this.admin,
      this.tenant,
      topics,
      this.options.outboxMetric,
    );
    await this.tessera.start();
    await this.warmUp();
  }

  private async stopTessera(keepSandbox = false): Promise<void> {
    await this.tessera?.stop();
    this.tessera = undefined;
    for (const instance of this.system.instances.reverse()) {
      if (keepSandbox && instance.app === 'sandbox') continue;
      await this.system.stop(instance.name);
    }
  }

  /** A few flows after a start: connections, JIT and caches warm before anything is measured. */
  private async warmUp(): Promise<void> {
    const target = this.tessera!.measured.target;
    const results = await openLoop({ rate: 2, seconds: 5, arrivals: 'uniform' }, (due) =>
      runFlow(target, due, this.options.flowTimeoutMs),
    );
    const failed = results.filter((r) => !r.ok);
    if (failed.length === results.length) {
      throw new Error(`warm-up: every flow failed (${failed[0]?.error}); see ${TESSERA_HOME}/apps/*.log`);
    }
    await sleep(2000);
  }

  private async configRuns(label: string, count = this.options.runs): Promise<ConfigResult> {
    const runs: RampResult[] = [];
    for (let i = 0; i < count; i++) {
      const previous = median(runs.map((r) => r.capacityRate ?? Number.NaN));
      const start = Number.isFinite(previous) ? Math.max(previous / 2, 0.25) : this.options.startRate;
      log(`${label}: run ${i + 1} of ${count}, from ${start}/s`);
      runs.push(await ramp(this.tessera!.measured, this.options, start, log));
    }
    return { label, runs };
  }

  private async profile(): Promise<void> {
    const rate = this.profileRate();
    log(
      `profile: apps restarted with a CPU-profiling hook; ${IDLE_SETTLE_SECONDS} s to settle, ${this.options.idleProfileSeconds} s idle, then ${rate}/s`,
    );
    await this.stopTessera();
    this.results.profile = await profileApps({
      outDir: this.outDir,
      options: this.options,
      rate,
      settleSeconds: IDLE_SETTLE_SECONDS,
      start: (preloads, env) => this.startTessera(preloads, env),
      measured: () => this.tessera!.measured,
      system: this.system,
      log,
    });
    await this.stopTessera();
    if (this.options.phases.some((p) => p === 'scaling' || p === 'data')) await this.startTessera();
  }

  private profileRate(): number {
    if (this.options.profileRate !== null) return this.options.profileRate;
    const runs = this.results.empty?.runs ?? [];
    const sustained = median(runs.map((r) => r.sustainedRate ?? r.capacityRate ?? Number.NaN));
    if (Number.isFinite(sustained)) return sustained;
    const floor = runs.find((r) => r.floor)?.floor?.rate;
    return floor ?? this.options.startRate;
  }

  private async ensureTessera(): Promise<void> {
    if (!this.tessera) await this.startTessera();
  }

  private async scaling(): Promise<void> {
    await this.ensureTessera();
    log('scaling: a second otp-service and a second channel-sms (other ports, same consumer groups)');
    for (const app of ['otp-service', 'channel-sms'] as const) {
      await this.system.start(app, { replica: 2, port: this.system.ports[app] + REPLICA_PORT_OFFSET });
    }
    await this.warmUp();
    this.results.scaling = await this.configRuns('two otp-service and two channel-sms replicas', this.options.sideRuns);
    for (const name of ['channel-sms#2', 'otp-service#2']) await this.system.stop(name);
  }

  private async withData(): Promise<void> {
    await this.ensureTessera();
    log(`data: seeding ${this.options.seed} verifications through the API, ${this.options.seedConcurrency} at a time`);
    const seeded = await seed(
      this.tessera!.measured.target,
      this.options.seed,
      this.options.seedConcurrency,
      this.options.seedMaxMinutes,
      log,
    );
    log(`data: ${seeded.stored} stored in ${seeded.seconds.toFixed(0)} s (${seeded.failed} failed)`);
    this.tessera!.receipts.forget();
    await sleep(5000);
    const result = await this.configRuns(`${seeded.stored} stored verifications`, this.options.sideRuns);
    this.results.data = { ...result, seed: seeded };
  }

  private async rawCeiling(): Promise<void> {
    const reference = this.results.empty?.runs ?? [];
    const plan = derivePlan(reference, this.results.idle);
    log(`raw ceiling: ${JSON.stringify(plan.summary)}`);
    await this.ensureTessera(); // for the sandbox, as the raw ceiling's provider
    await this.stopTessera(true);
    this.results.raw = await runRawCeiling({
      runId: this.runId,
      plan,
      kafka: this.kafka,
      admin: this.admin,
      system: this.system,
      options: this.options,
      log,
    });
  }

  async cleanUp(): Promise<void> {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    await this.tessera?.stop().catch(() => undefined);
    await this.system?.stopAll().catch(() => undefined);
    if (this.admin) {
      await this.admin
        .deleteGroups([`bench-receipts-${this.runId}`, `bench-raw-receipts-${this.runId}`])
        .catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
    }
    if (!this.options.keepData && this.system)
      await dropDatabases([...this.system.databases, `bench_${this.runId}_raw`]).catch((error: Error) =>
        log(`could not drop the benchmark databases: ${error.message}`),
      );
  }

  /** Prints the report and keeps the raw results; BENCHMARKS.md only gets the figures of a run that finished. */
  writeResults(error?: Error): void {
    this.results.finishedAt = new Date().toISOString();
    if (error) this.results.error = error.message;
    writeFileSync(join(this.outDir, 'results.json'), JSON.stringify(this.results, null, 2));
    const markdown = renderReport(this.results);
    process.stdout.write(`\n${markdown}\n`);
    if (!error) writeReport(this.options.outputFile, markdown);
    log(`wrote ${error ? '' : `${this.options.outputFile} and `}${join(this.outDir, 'results.json')}`);
  }
}

/**
 * The generator must start flows on time even when the system saturates both cores (it then measures the
 * system, not its own scheduling delay): a slightly higher priority where allowed (root), else as it is.
 */
function raisePriority(): void {
  try {
    setPriority(process.pid, -5);
  } catch {
    log('running at normal priority (not allowed to raise it): start lag may grow when the cores are saturated');
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  raisePriority();
  const bench = new Bench(options);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping the apps`);
    void bench.cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await bench.run();
    await bench.cleanUp();
    bench.writeResults();
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? error}`);
    await bench.cleanUp();
    bench.writeResults(error as Error);
    process.exitCode = 1;
  }
}

void main();

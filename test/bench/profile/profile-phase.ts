import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runStep, type Measured, type StepResult } from '../load/step';
import type { BenchOptions } from '../options';
import { compilePreload } from '../support/preload';
import type { LocalSystem } from '../system/local-system';
import { summarizeProfileFile, type ProfileSummary } from './cpu-profile-summary';

export interface AppProfile {
  app: string;
  file: string;
  summary: ProfileSummary;
}

export interface ProfileResult {
  dir: string;
  rate: number;
  idleSeconds: number;
  /** How long the apps were left quiet before the profile at rest (absent in results saved before it was kept). */
  settleSeconds?: number;
  loadSeconds: number;
  idle: AppProfile[];
  load: AppProfile[];
  step?: StepResult;
}

export interface ProfileInput {
  outDir: string;
  options: BenchOptions;
  rate: number;
  /** Quiet after the start, before the profile at rest (see IDLE_SETTLE_SECONDS in bench.ts). */
  settleSeconds: number;
  /** Starts the apps with these extra preloads. */
  start(preloads: string[], env: Record<string, string>): Promise<void>;
  measured(): Measured;
  system: LocalSystem;
  log: (line: string) => void;
}

/** Waits (bounded) until every app wrote its n-th profile. */
async function collect(dir: string, pids: Map<number, string>, n: number): Promise<AppProfile[]> {
  const deadline = Date.now() + 30_000;
  const wanted = [...pids].map(([pid, app]) => ({ app, file: join(dir, `${app}-${pid}-${n}.cpuprofile`) }));
  while (Date.now() < deadline && !wanted.every((w) => existsSync(w.file))) await sleep(200);
  return wanted.filter((w) => existsSync(w.file)).map((w) => ({ ...w, summary: summarizeProfileFile(w.file) }));
}

/**
 * Restarts the apps with a CPU-profiling hook, profiles each of them at rest and then through one step at
 * `rate`, and summarises where the CPU went by package and function. The apps are left running with the hook.
 */
export async function profileApps(input: ProfileInput): Promise<ProfileResult> {
  const { outDir, options, rate, settleSeconds, system, log } = input;
  const dir = join(outDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const hook = compilePreload(join(__dirname, 'cpu-profile.hook.ts'), outDir);
  await input.start([hook], { BENCH_CPU_PROFILE_DIR: dir });
  const pids = new Map(system.instances.map((i) => [i.child.pid!, i.app]));
  await sleep(settleSeconds * 1000);
  system.signalAll('SIGUSR2');
  await sleep(options.idleProfileSeconds * 1000);
  system.signalAll('SIGUSR2');
  const idle = await collect(dir, pids, 1);
  log(`profile: ${idle.length} idle profiles`);
  system.signalAll('SIGUSR2');
  const step = await runStep(input.measured(), options, 'profile', rate, options.profileSeconds);
  system.signalAll('SIGUSR2');
  const load = await collect(dir, pids, 2);
  log(`profile: ${load.length} profiles under load (${step.completed}/${step.started} flows ok)`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  log(`profile: ${files.length} files in ${dir}`);
  return {
    dir,
    rate,
    idleSeconds: options.idleProfileSeconds,
    settleSeconds,
    loadSeconds: options.profileSeconds,
    idle,
    load,
    step,
  };
}

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of utime/stime in /proc/<pid>/stat. */
export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface WatchedProcess {
  name: string;
  pid: number;
  /** `system` counts towards the sum; `provider` (the sandbox) and `client` (this generator) are listed apart. */
  role: 'system' | 'provider' | 'client';
}

export interface ProcessSample {
  cpuMs: number;
  /** Time its threads were runnable but not running: waiting for a core (run-queue delay, all threads). */
  waitMs: number;
  rssKb: number;
  peakRssKb: number;
}

/** CPU time (user + system, all threads) and memory of one process, or null when it is gone. */
export function readProcess(pid: number): ProcessSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces and parentheses): state is field 3
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime (14) + stime (15)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / CLK_TCK, waitMs: runQueueWaitMs(pid), rssKb: kb('VmRSS'), peakRssKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * The second field of each thread's /proc/<pid>/task/<tid>/schedstat (ns runnable on a run queue, not running),
 * summed over the live threads; 0 when the kernel keeps no schedstats.
 */
function runQueueWaitMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1] ?? 0);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

export type CpuSnapshot = Map<string, ProcessSample>;

export function snapshot(processes: readonly WatchedProcess[]): CpuSnapshot {
  const samples: CpuSnapshot = new Map();
  for (const p of processes) {
    const sample = readProcess(p.pid);
    if (sample) samples.set(p.name, sample);
  }
  return samples;
}

/** How much of `field` each process present in both snapshots added between them. */
function growthBetween(before: CpuSnapshot, after: CpuSnapshot, field: 'cpuMs' | 'waitMs'): Record<string, number> {
  const grown: Record<string, number> = {};
  for (const [name, end] of after) {
    const start = before.get(name);
    if (start) grown[name] = end[field] - start[field];
  }
  return grown;
}

/** CPU milliseconds each process spent between two snapshots. */
export const cpuBetween = (before: CpuSnapshot, after: CpuSnapshot) => growthBetween(before, after, 'cpuMs');

/**
 * Milliseconds each process's threads waited for a core between two snapshots (a thread that ended takes its
 * share with it, so this counts the threads alive at both; never below zero).
 */
export const waitBetween = (before: CpuSnapshot, after: CpuSnapshot) =>
  Object.fromEntries(
    Object.entries(growthBetween(before, after, 'waitMs')).map(([name, ms]) => [name, Math.max(0, ms)]),
  );

import { setTimeout as sleep } from 'node:timers/promises';
import { countsBetween, type CommandCounts } from '../system/db-command-counters';
import { cpuBetween, snapshot, type ProcessSample } from '../system/process-stats';
import type { Measured } from './step';

export interface IdleResult {
  seconds: number;
  /** How long the system was left quiet before the measurement (absent in results saved before it was kept). */
  settleSeconds?: number;
  /** CPU ms per second of wall time, by process. */
  cpuMsPerSecond: Record<string, number>;
  /** Database commands per second with no traffic, by source (FerretDB's count and each app's). */
  commandsPerSecond: Record<string, CommandCounts>;
  /** Bus messages per second with no traffic, by topic. */
  messagesPerSecond: Record<string, number>;
  memory: Record<string, ProcessSample>;
}

/** The system with no traffic at all: what it burns at rest. */
export async function measureIdle(measured: Measured, seconds: number): Promise<IdleResult> {
  const processes = measured.processes();
  const read = () =>
    Promise.all(measured.commands.map(async (s) => [s.name, await s.read().catch(() => ({}))] as const));
  const commandsBefore = Object.fromEntries(await read());
  const messagesBefore = await measured.backlog.messageCounts(measured.topics);
  const cpuBefore = snapshot(processes);
  const started = performance.now();
  await sleep(seconds * 1000);
  const cpuAfter = snapshot(processes);
  const elapsed = (performance.now() - started) / 1000;
  const commandsAfter = Object.fromEntries(await read());
  const messagesAfter = await measured.backlog.messageCounts(measured.topics);
  const perSecond = (counts: CommandCounts): CommandCounts =>
    Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / elapsed]));
  return {
    seconds: elapsed,
    cpuMsPerSecond: Object.fromEntries(
      Object.entries(cpuBetween(cpuBefore, cpuAfter)).map(([k, v]) => [k, v / elapsed]),
    ),
    commandsPerSecond: Object.fromEntries(
      Object.keys(commandsAfter).map((k) => [k, perSecond(countsBetween(commandsBefore[k] ?? {}, commandsAfter[k]))]),
    ),
    messagesPerSecond: Object.fromEntries(
      Object.entries(messagesAfter)
        .map(([t, v]) => [t, (v - (messagesBefore[t] ?? 0)) / elapsed] as const)
        .filter(([, v]) => v > 0),
    ),
    memory: Object.fromEntries(cpuAfter),
  };
}

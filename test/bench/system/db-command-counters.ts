import { parsePrometheus } from '@tessera/testing';
import type { JsonHttpClient } from '../support/json-http-client';

/** Commands a MongoDB client sends for itself (handshakes, monitoring), not for the application. */
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

export type CommandCounts = Record<string, number>;

/** FerretDB's own request counters (`/debug/metrics`: ferretdb_client_requests_total{command,opcode}). */
export async function ferretdbCommands(debug: JsonHttpClient): Promise<CommandCounts> {
  const answer = await debug.get<string>('/debug/metrics');
  const counts: CommandCounts = {};
  for (const { labels, value } of parsePrometheus(String(answer.body), 'ferretdb_client_requests_total')) {
    if (HOUSEKEEPING.has(labels.command) || labels.opcode === 'OP_QUERY') continue;
    counts[labels.command] = (counts[labels.command] ?? 0) + value;
  }
  return counts;
}

/** One app's `tessera_db_commands_total{command}`; empty when the app does not count (yet). */
export async function appCommands(app: JsonHttpClient): Promise<CommandCounts> {
  const answer = await app.get<string>('/metrics');
  const counts: CommandCounts = {};
  for (const { labels, value } of parsePrometheus(String(answer.body), 'tessera_db_commands_total')) {
    counts[labels.command] = (counts[labels.command] ?? 0) + value;
  }
  return counts;
}

export function countsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const delta: CommandCounts = {};
  for (const [command, value] of Object.entries(after)) {
    const d = value - (before[command] ?? 0);
    if (d > 0) delta[command] = d;
  }
  return delta;
}

export const total = (counts: CommandCounts): number => Object.values(counts).reduce((s, v) => s + v, 0);

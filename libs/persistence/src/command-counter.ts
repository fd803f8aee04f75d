import type { MetricsRegistry } from '@tessera/observability';

interface CommandMonitor {
  on(event: 'commandStarted', listener: (event: { commandName: string }) => void): unknown;
}

/** Handshakes and server monitoring are the driver's own traffic, not the application's cost. */
const DRIVER_HOUSEKEEPING = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'endSessions',
  'saslStart',
  'saslContinue',
]);

/** Counts each command the application sends, by name, in `tessera_db_commands_total`. */
export function countCommands(client: CommandMonitor, metrics: MetricsRegistry): void {
  const commands = metrics.counter('tessera_db_commands_total', 'Database commands sent, by command', ['command']);
  client.on('commandStarted', ({ commandName }) => {
    if (!DRIVER_HOUSEKEEPING.has(commandName)) commands.inc({ command: commandName });
  });
}

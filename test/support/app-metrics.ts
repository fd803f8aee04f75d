import { metricByLabel, metricSum, parsePrometheus } from '@tessera/testing';
import { E2E_PORTS } from './system';

/** The apps that count their database commands, by name, at their end-to-end ports. */
const TESSERA_APPS = {
  gateway: E2E_PORTS.gateway,
  'otp-service': E2E_PORTS.otpService,
  'channel-whatsapp': E2E_PORTS.whatsapp,
  'channel-sms': E2E_PORTS.sms,
  'channel-email': E2E_PORTS.email,
};

/** An app's own /metrics text, as Prometheus scrapes it. */
export async function scrapeMetrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** One app's metric, scraped now: the sum of its samples with these labels. */
export async function appMetric(port: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  return metricSum(await scrapeMetrics(port), name, labels);
}

/** One app's `tessera_db_commands_total` (the driver's command monitoring), by command. */
export async function dbCommandsOf(port: number): Promise<Record<string, number>> {
  return metricByLabel(await scrapeMetrics(port), 'tessera_db_commands_total', 'command');
}

/** Every app's `tessera_db_commands_total`, by `app/command`. */
export async function dbCommandCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [app, port] of Object.entries(TESSERA_APPS)) {
    for (const [command, n] of Object.entries(await dbCommandsOf(port))) counts[`${app}/${command}`] = n;
  }
  return counts;
}

/** What the commands counted in `after` add to `before`, those that changed only; a counter never goes back. */
export function commandsSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const spent = Object.entries(after)
    .map(([command, count]) => [command, count - (before[command] ?? 0)] as const)
    .filter(([, delta]) => delta !== 0);
  const reset = spent.filter(([, delta]) => delta < 0);
  if (reset.length) throw new Error(`command counters went back (an app restarted?): ${JSON.stringify(reset)}`);
  return Object.fromEntries(spent);
}

/** The otp-service's live list: verifications pending or holding unpublished events. */
export async function liveVerifications(): Promise<number> {
  const [gauge] = parsePrometheus(await scrapeMetrics(E2E_PORTS.otpService), 'tessera_otp_live_verifications');
  if (!gauge) throw new Error('the otp-service exposes no tessera_otp_live_verifications');
  return gauge.value;
}

/** Waits until the otp-service's live list is back to `live` (its writes after a flow are done). */
export async function otpServiceSettled(live: number): Promise<void> {
  for (const deadline = Date.now() + 20_000; (await liveVerifications()) > live;) {
    if (Date.now() > deadline) throw new Error('the otp-service did not settle its live list');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

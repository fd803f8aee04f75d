import { E2E_PORTS } from '../system';

const APPS = {
  gateway: E2E_PORTS.gateway,
  'otp-service': E2E_PORTS.otpService,
  'channel-whatsapp': E2E_PORTS.whatsapp,
  'channel-sms': E2E_PORTS.sms,
  'channel-email': E2E_PORTS.email,
};

const scrape = async (port: number): Promise<string> => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

/** Every app's `tessera_db_commands_total` (the drivers' command monitoring), by `app/command`. */
export async function dbCommandCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [app, port] of Object.entries(APPS)) {
    for (const m of (await scrape(port)).matchAll(
      /^tessera_db_commands_total\{(?:[^}]*,)?command="(\w+)"[^}]*\} (\d+)/gm,
    )) {
      counts[`${app}/${m[1]}`] = Number(m[2]);
    }
  }
  return counts;
}

/** Waits until the otp-service's live list is back to `live` (its writes after a flow are done). */
export async function otpServiceSettled(live: number): Promise<void> {
  for (const deadline = Date.now() + 20_000; (await liveVerifications()) > live;) {
    if (Date.now() > deadline) throw new Error('the otp-service did not settle its live list');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function liveVerifications(): Promise<number> {
  return Number(/^tessera_otp_live_verifications(?:\{[^}]*\})? (\d+)/m.exec(await scrape(E2E_PORTS.otpService))![1]);
}

import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { createTenant, http, openSealedCode, phoneNumber } from '../support/api';
import { E2E_PORTS, loadState } from '../support/system';

const APPS = {
  gateway: E2E_PORTS.gateway,
  'otp-service': E2E_PORTS.otpService,
  'channel-whatsapp': E2E_PORTS.whatsapp,
  'channel-sms': E2E_PORTS.sms,
  'channel-email': E2E_PORTS.email,
};
const FLOWS = 10;
/** ARCHITECTURE.md, Cost budget: a complete SMS verification costs at most 12 database commands in all. */
const BUDGET = 12;

type Counts = Record<string, number>;

async function scrape(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** Every app's `tessera_db_commands_total`, by `app/command`. */
async function commandCounts(): Promise<Counts> {
  const counts: Counts = {};
  for (const [app, port] of Object.entries(APPS)) {
    for (const m of (await scrape(port)).matchAll(/^tessera_db_commands_total\{command="(\w+)"[^}]*\} (\d+)/gm)) {
      counts[`${app}/${m[1]}`] = Number(m[2]);
    }
  }
  return counts;
}

async function liveVerifications(): Promise<number> {
  const m = /^tessera_otp_live_verifications(?:\{[^}]*\})? (\d+)/m.exec(await scrape(E2E_PORTS.otpService));
  return Number(m![1]);
}

describe('the cost budget, counted by the database driver of every service', () => {
  const state = loadState();
  let recorder: TopicRecorder;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([Topics.otpRequestedSms, Topics.otpDelivered, Topics.otpVerified]);
  });
  afterAll(() => recorder.stop());

  it(`spends at most ${BUDGET} database commands on a complete SMS verification (create, sent, delivered, approved)`, async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'] });
    // one warm-up flow: the tenant, its API key and its policy are then cached, as in steady traffic
    const flow = async () => {
      const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const requested = await recorder.waitFor((m) => m.topic === Topics.otpRequestedSms && m.verificationId === id);
      await recorder.waitFor(
        (m) => m.topic === Topics.otpDelivered && m.verificationId === id && m.json().payload.status === 'delivered',
      );
      const check = await http('POST', `/v1/verifications/${id}/check`, {
        key: tenant.apiKey,
        body: { code: openSealedCode(requested.json()) },
      });
      expect(check.body).toMatchObject({ status: 'approved', valid: true });
      await recorder.waitFor((m) => m.topic === Topics.otpVerified && m.verificationId === id);
      const view = await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey });
      expect(view.body.deliveries[0].history.map((h: { status: string }) => h.status)).toEqual(
        expect.arrayContaining(['sent', 'delivered']),
      );
    };
    await flow();
    const settled = async (live: number) => {
      for (const deadline = Date.now() + 20_000; (await liveVerifications()) > live;) {
        if (Date.now() > deadline) throw new Error('the otp-service did not settle its live list');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const live = await liveVerifications();
    const before = await commandCounts();

    for (let i = 0; i < FLOWS; i++) await flow();
    await settled(live);
    const after = await commandCounts();

    const spent = Object.fromEntries(
      Object.entries(after)
        .map(([name, n]) => [name, n - (before[name] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
    // GETs above cost nothing: the owner answers them from memory
    const total = Object.values(spent).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `database commands for ${FLOWS} SMS flows: ${total} (${total / FLOWS}/flow) ${JSON.stringify(spent)}\n`,
    );
    expect(total / FLOWS).toBeLessThanOrEqual(BUDGET);
    // the flows did reach the database: create, receipts and approval are each at least one write
    expect(spent['otp-service/insert']).toBeGreaterThanOrEqual(2 * FLOWS);
    expect(spent['otp-service/update']).toBeGreaterThanOrEqual(3 * FLOWS);
  });
});

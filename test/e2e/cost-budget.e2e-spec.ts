import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { commandsSpent, dbCommandCounts, liveVerifications, otpServiceSettled } from '../support/app-metrics';
import { createTenant, http, openSealedCode, phoneNumber } from '../support/api';
import { loadState } from '../support/system';

const FLOWS = 10;
/** ARCHITECTURE.md, Cost budget: a complete SMS verification costs at most 12 database commands in all. */
const BUDGET = 12;

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
    const live = await liveVerifications();
    const before = await dbCommandCounts();

    for (let i = 0; i < FLOWS; i++) await flow();
    await otpServiceSettled(live);
    const after = await dbCommandCounts();

    const spent = commandsSpent(before, after);
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

import { Topics } from '@tessera/contracts';
import { TopicRecorder, startApp, type AppProcess } from '@tessera/testing';
import { appMetric } from '../support/app-metrics';
import { createTenant, http, openSealedCode, phoneNumber, type HttpAnswer, type TestTenant } from '../support/api';
import { E2E_PORTS, appEnv, loadState } from '../support/system';

const ownedPartitions = (port: number): Promise<number> => appMetric(port, 'tessera_otp_owned_partitions');

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A client as a product would write it: a 503 (the reply outlived the gateway's wait) is retried. */
async function check(tenant: TestTenant, id: string, code: string): Promise<HttpAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await http('POST', `/v1/verifications/${id}/check`, { key: tenant.apiKey, body: { code } });
    if (answer.status !== 503 || attempt === 5) return answer;
  }
}

async function read(tenant: TestTenant, id: string): Promise<HttpAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey });
    if (answer.status !== 503 || attempt === 5) return answer;
  }
}

describe('one writer per verification, across replicas and a rebalance', () => {
  const state = loadState();
  let recorder: TopicRecorder;
  let tenant: TestTenant;
  const extra: AppProcess[] = [];

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([Topics.otpRequestedSms, Topics.otpVerified, Topics.otpEvents]);
    tenant = await createTenant(state, { defaultPlan: ['sms'], maxChecks: 5, codeLength: 8 });
  });
  afterAll(async () => {
    await recorder.stop();
    await Promise.all(extra.map((app) => app.stop('SIGTERM')));
  });

  async function issue(): Promise<{ id: string; code: string }> {
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const requested = await recorder.waitFor((m) => m.topic === Topics.otpRequestedSms && m.verificationId === id);
    return { id, code: openSealedCode(requested.json()) };
  }

  it('approves exactly once under 100 concurrent right checks while a replica joins and another is killed', async () => {
    const env = appEnv['otp-service'](state);
    const second = await startApp('otp-service', E2E_PORTS.otpService + 100, env);
    extra.push(second);
    await until('the second replica to own partitions', async () => (await ownedPartitions(second.port)) > 0);

    const targets = await Promise.all(Array.from({ length: 10 }, () => issue()));
    const wrong = await issue();
    const guess = wrong.code === '00000000' ? '11111111' : '00000000';
    const wrongAnswers = Promise.all(Array.from({ length: 50 }, () => check(tenant, wrong.id, guess)));
    // 100 concurrent right checks of each verification, one verification every 800 ms, so that the load spans
    // the third replica joining (a rebalance) and the second one dying without a goodbye (another)
    const rightAnswers = Promise.all(
      targets.map(async ({ id, code }, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 800));
        return Promise.all(Array.from({ length: 100 }, () => check(tenant, id, code)));
      }),
    );
    const third = await startApp('otp-service', E2E_PORTS.otpService + 200, env);
    extra.push(third);
    await until('the third replica to own partitions', async () => (await ownedPartitions(third.port)) > 0);
    await second.stop('SIGKILL');
    extra.splice(extra.indexOf(second), 1);
    const answers = await rightAnswers;

    for (const [i, { id }] of targets.entries()) {
      const approvals = answers[i].filter((a) => a.status === 200 && a.body.status === 'approved');
      expect(approvals.length).toBeLessThanOrEqual(1);
      for (const other of answers[i].filter((a) => !approvals.includes(a))) {
        expect(other.status).toBe(409);
        expect(['verification.already_approved', 'verification.max_attempts']).toContain(other.body.code);
      }
      // nothing lost or stuck: every verification ends approved, by exactly one approval event
      const view = await read(tenant, id);
      expect(view.body.status).toBe('approved');
      await recorder.waitFor((m) => m.topic === Topics.otpVerified && m.verificationId === id);
      const verified = recorder.messages.filter((m) => m.topic === Topics.otpVerified && m.verificationId === id);
      expect(new Set(verified.map((m) => m.json().payload.verifiedAt)).size).toBe(1);
    }

    const wrongChecks = await wrongAnswers;
    const counted = wrongChecks.filter((a) => a.status === 200 && a.body.valid === false);
    expect(counted.map((a) => a.body.attemptsRemaining).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const refused of wrongChecks.filter((a) => !counted.includes(a))) {
      expect(refused.body).toMatchObject({ code: 'verification.max_attempts', attemptsRemaining: 0 });
    }
    const view = await read(tenant, wrong.id);
    expect(view.body.status).toBe('max_attempts_reached');
  });
});

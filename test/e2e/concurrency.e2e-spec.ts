import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { appMetric } from '../support/app-metrics';
import { createTenant, http, openSealedCode, phoneNumber, type TestTenant } from '../support/api';
import { E2E_PORTS, loadState } from '../support/system';

/** The otp-service's count of approving checks (its /metrics). */
const approvalsCounted = (): Promise<number> =>
  appMetric(E2E_PORTS.otpService, 'tessera_checks_total', { result: 'approved' });

describe('concurrent checks (decided by unique inserts, on FerretDB)', () => {
  const state = loadState();
  let recorder: TopicRecorder;
  let tenant: TestTenant;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([Topics.otpRequestedSms, Topics.otpVerified]);
    tenant = await createTenant(state, { defaultPlan: ['sms'], maxChecks: 5, codeLength: 8 });
  });
  afterAll(() => recorder.stop());

  async function issue(): Promise<{ id: string; code: string }> {
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    expect(created.status).toBe(201);
    const requested = await recorder.waitFor(
      (m) => m.topic === Topics.otpRequestedSms && m.verificationId === created.body.id,
    );
    return { id: created.body.id, code: openSealedCode(requested.json()) };
  }

  it('approves exactly one of 100 concurrent checks of the right code', async () => {
    const { id, code } = await issue();
    const approvalsBefore = await approvalsCounted();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        http('POST', `/v1/verifications/${id}/check`, { key: tenant.apiKey, body: { code } }),
      ),
    );
    const approved = answers.filter((a) => a.status === 200 && a.body.status === 'approved' && a.body.valid === true);
    expect(approved).toHaveLength(1);
    const others = answers.filter((a) => !approved.includes(a));
    for (const other of others) {
      expect(other.status).toBe(409);
      expect(['verification.already_approved', 'verification.max_attempts']).toContain(other.body.code);
    }
    await recorder.waitFor((m) => m.topic === Topics.otpVerified && m.verificationId === id);
    const read = await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey });
    expect(read.body.status).toBe('approved');
    // exactly one approval counted by the otp-service for the 100 checks
    expect((await approvalsCounted()) - approvalsBefore).toBe(1);
  });

  it('counts exactly maxChecks of 50 concurrent wrong guesses, then refuses even the right code', async () => {
    const { id, code } = await issue();
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        http('POST', `/v1/verifications/${id}/check`, { key: tenant.apiKey, body: { code: wrong } }),
      ),
    );
    const counted = answers.filter((a) => a.status === 200 && a.body.valid === false);
    expect(counted).toHaveLength(5);
    expect(counted.map((a) => a.body.attemptsRemaining).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(counted.some((a) => a.body.status === 'max_attempts_reached')).toBe(true);
    for (const refused of answers.filter((a) => !counted.includes(a))) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'verification.max_attempts', attemptsRemaining: 0 });
    }
    const right = await http('POST', `/v1/verifications/${id}/check`, { key: tenant.apiKey, body: { code } });
    expect(right.status).toBe(409);
    expect(right.body).toMatchObject({ code: 'verification.max_attempts', verificationStatus: 'max_attempts_reached' });
    const read = await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey });
    expect(read.body).toMatchObject({ status: 'max_attempts_reached', attemptsRemaining: 0 });
  });

  it('does not reset the failure count when a new code is started for the same destination', async () => {
    const to = phoneNumber();
    const first = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    for (let i = 0; i < 3; i++) {
      await http('POST', `/v1/verifications/${first.body.id}/check`, {
        key: tenant.apiKey,
        body: { code: '99999999' },
      });
    }
    await http('POST', `/v1/verifications/${first.body.id}/cancel`, { key: tenant.apiKey });
    const second = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.attemptsRemaining).toBe(2);
  });
});

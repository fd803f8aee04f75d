/**
 * Many clients guessing one person's code through the API at once, across resends and new codes for the same
 * destination: the tenant's maxChecks and per-destination hourly cap hold exactly, and a new code does not
 * reset the failures (NIST 800-63B). Counts are exact: each limit is shown reached, not merely not exceeded.
 */
import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { createTenant, http, openSealedCode, phoneNumber, type HttpAnswer, type TestTenant } from '../support/api';
import { loadState } from '../support/system';

const MAX_CHECKS = 3;
const MAX_SENDS_PER_VERIFICATION = 3;
const MAX_SENDS_PER_DESTINATION_PER_HOUR = 5;

const statuses = (answers: HttpAnswer[]) => {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = `${a.status} ${a.body?.code ?? a.body?.status ?? ''}`.trim();
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

describe('attack: brute force through the API', () => {
  const state = loadState();
  let recorder: TopicRecorder;
  let tenant: TestTenant;

  beforeAll(async () => {
    // the per-destination cap counts per clock hour: start clear of an hour boundary
    const toNextHour = 3600_000 - (Date.now() % 3600_000);
    if (toNextHour < 60_000) await new Promise((resolve) => setTimeout(resolve, toNextHour + 1000));
    recorder = await new TopicRecorder().start([Topics.otpRequestedSms]);
    tenant = await createTenant(state, {
      defaultPlan: ['sms'],
      codeLength: 8,
      maxChecks: MAX_CHECKS,
      maxSendsPerVerification: MAX_SENDS_PER_VERIFICATION,
      maxSendsPerDestinationPerHour: MAX_SENDS_PER_DESTINATION_PER_HOUR,
      resendCooldownsSeconds: [0],
    });
  });
  afterAll(() => recorder.stop());

  async function codeOf(id: string): Promise<string> {
    const requested = await recorder.waitFor((m) => m.topic === Topics.otpRequestedSms && m.verificationId === id);
    return openSealedCode(requested.json());
  }

  it('holds maxChecks and the destination cap exactly against 40 concurrent guessers, resends and new codes', async () => {
    const to = phoneNumber();
    const first = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(first.status).toBe(201);
    const id = first.body.id as string;
    const code = await codeOf(id);
    const wrong = (i: number) => {
      const guess = String(10_000_000 + i);
      return guess === code ? String(20_000_000 + i) : guess;
    };

    // 12 concurrent resends (by id, and as repeated requests): exactly two more sends of this verification
    const resends = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? http('POST', `/v1/verifications/${id}/resend`, { key: tenant.apiKey, body: {} })
          : http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } }),
      ),
    );
    const resent = resends.filter((a) => a.status === 200 || a.status === 201);
    expect(resent).toHaveLength(MAX_SENDS_PER_VERIFICATION - 1);
    for (const a of resent) expect(a.body.id).toBe(id);
    expect(statuses(resends)['429 verification.send_limit']).toBe(12 - (MAX_SENDS_PER_VERIFICATION - 1));

    // 40 concurrent wrong guesses, by id and by destination: exactly maxChecks are counted
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? http('POST', `/v1/verifications/${id}/check`, { key: tenant.apiKey, body: { code: wrong(i) } })
          : http('POST', '/v1/verification-checks', { key: tenant.apiKey, body: { to, code: wrong(i) } }),
      ),
    );
    const counted = guesses.filter((a) => a.status === 200 && a.body.valid === false);
    expect(counted.map((a) => a.body.attemptsRemaining).sort()).toEqual([0, 1, 2]);
    expect(statuses(guesses)['409 verification.max_attempts']).toBe(40 - MAX_CHECKS);
    expect((await http('GET', `/v1/verifications/${id}`, { key: tenant.apiKey })).body).toMatchObject({
      status: 'max_attempts_reached',
      attemptsRemaining: 0,
    });

    // a new code for the same destination inherits the failures: even its right code is refused
    const second = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ attemptsRemaining: 0 });
    expect(second.body.id).not.toBe(id);
    const secondCode = await codeOf(second.body.id);
    const right = await http('POST', `/v1/verifications/${second.body.id}/check`, {
      key: tenant.apiKey,
      body: { code: secondCode },
    });
    expect(right.status).toBe(409);
    expect(right.body).toMatchObject({ code: 'verification.max_attempts', attemptsRemaining: 0 });

    // 10 concurrent requests for the destination: one send is left of its hour (3 + 1 used), exactly one is made
    const more = await Promise.all(
      Array.from({ length: 10 }, () => http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } })),
    );
    expect(more.filter((a) => a.status === 201)).toHaveLength(1);
    expect(statuses(more)['429 destination.hourly_limit']).toBe(9);
    await http('POST', `/v1/verifications/${second.body.id}/cancel`, { key: tenant.apiKey });
    const third = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to } });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('destination.hourly_limit');

    // what reached the channel: exactly the cap, as (verification, attempt) pairs
    const sends = new Set<string>();
    for (const [vid, attempts] of [
      [id, [1, 2, 3]],
      [second.body.id as string, [1, 2]],
    ] as const) {
      for (const attempt of attempts) {
        const m = await recorder.waitFor(
          (r) => r.topic === Topics.otpRequestedSms && r.verificationId === vid && r.json().payload.attempt === attempt,
        );
        sends.add(`${m.verificationId}#${m.json().payload.attempt}`);
      }
    }
    expect(sends.size).toBe(MAX_SENDS_PER_DESTINATION_PER_HOUR);
    const seen = recorder.messages
      .filter((m) => m.topic === Topics.otpRequestedSms && [id, second.body.id].includes(m.verificationId))
      .map((m) => `${m.verificationId}#${m.json().payload.attempt}`);
    expect(new Set(seen)).toEqual(sends);
  });
});

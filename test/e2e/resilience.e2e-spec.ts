import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { Topics, dlqTopicFor } from '@tessera/contracts';
import { TopicRecorder, runAppToExit, testKafka } from '@tessera/testing';
import { createTenant, http, phoneNumber } from '../support/api';
import { E2E_PORTS, appEnv, loadState, saveState, startSystemApp } from '../support/system';

/** Resolves once the process is gone (or a zombie: dead, waiting for its parent to collect it). */
async function exited(pid: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; ;) {
    let stat = '';
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return;
    }
    if (/ Z /.test(stat.slice(stat.lastIndexOf(')')))) return;
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after SIGKILL`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('reliability of the otp-service and the bus', () => {
  const state = loadState();
  let recorder: TopicRecorder;

  beforeAll(async () => {
    recorder = await new TopicRecorder().start([
      Topics.otpRequestedSms,
      dlqTopicFor(Topics.otpRequest),
      'otp.request.reply',
    ]);
  });
  afterAll(() => recorder.stop());

  async function replaceOtpService(overrides: Record<string, string>) {
    process.kill(state.pids['otp-service'], 'SIGKILL');
    await exited(state.pids['otp-service']);
    const app = await startSystemApp('otp-service', state, overrides);
    app.child.unref();
    state.pids['otp-service'] = app.child.pid!;
    saveState(state);
    return app;
  }

  it('publishes OtpRequested after a kill -9 between the database write and the publish', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'] });
    // An otp-service that writes but does not publish yet: inline publish off, relay far in the future.
    await replaceOtpService({ OUTBOX_INLINE_PUBLISH: 'false', OUTBOX_RELAY_INTERVAL_MS: '600000' });
    const accepted = await Promise.all(
      Array.from({ length: 5 }, () =>
        http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } }),
      ),
    );
    for (const answer of accepted) expect(answer.status).toBe(201);
    const ids = accepted.map((a) => a.body.id as string);
    // each record was written with its OtpRequested still in its outbox, not yet published
    const mongo = await new MongoClient(appEnv['otp-service'](state).MONGO_URL).connect();
    try {
      const stored = await mongo
        .db(appEnv['otp-service'](state).MONGO_DB)
        .collection<{ _id: string; state: string }>('verifications')
        .find({ _id: { $in: ids } })
        .toArray();
      // the outbox is stored in the record's `state`, JSON text (apps/otp-service verification.stored-form.ts)
      const outboxes = stored.map(
        (r) => (JSON.parse(r.state) as { outbox: { topic: string; envelope: { type: string } }[] }).outbox,
      );
      expect(outboxes.map((outbox) => outbox.map((e) => `${e.topic} ${e.envelope.type}`))).toEqual(
        ids.map(() => [`${Topics.otpRequestedSms} OtpRequested`]),
      );
    } finally {
      await mongo.close();
    }

    await replaceOtpService({});
    for (const id of ids) {
      await recorder.waitFor((m) => m.topic === Topics.otpRequestedSms && m.verificationId === id, 30000);
    }
  });

  it('deletes ended verifications past the retention window (a sweeper: FerretDB has no TTL index)', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'] });
    await replaceOtpService({ RETENTION_DAYS: '0', RETENTION_SWEEP_INTERVAL_MS: '1000' });
    try {
      const ended = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
      const pending = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
      await http('POST', `/v1/verifications/${ended.body.id}/cancel`, { key: tenant.apiKey });
      const deadline = Date.now() + 20000;
      while ((await http('GET', `/v1/verifications/${ended.body.id}`, { key: tenant.apiKey })).status !== 404) {
        if (Date.now() > deadline) throw new Error('the ended verification was not deleted');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect((await http('GET', `/v1/verifications/${pending.body.id}`, { key: tenant.apiKey })).body.status).toBe(
        'pending',
      );
    } finally {
      await replaceOtpService({});
    }
  });

  it('dead-letters a poison command and still answers the next command on the same partition', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'] });
    const producer = testKafka('poison-test').producer();
    await producer.connect();
    const key = `poison-${randomUUID()}`;
    const correlationId = randomUUID();
    await producer.send({ topic: Topics.otpRequest, messages: [{ key, value: '{"this is": not json' }] });
    await producer.send({
      topic: Topics.otpRequest,
      messages: [
        {
          key,
          value: JSON.stringify({ eventId: randomUUID(), type: 'Nonsense', version: 9 }),
          headers: { 'tessera-correlation-id': correlationId, 'tessera-reply-topic': 'otp.request.reply' },
        },
      ],
    });
    await producer.disconnect();
    const dead = await recorder.waitFor((m) => m.topic === dlqTopicFor(Topics.otpRequest) && m.key === key);
    expect(dead.value).toBe('{"this is": not json');
    expect(dead.headers['tessera-dlq-error']).toMatch(/ContractViolation/);
    expect(dead.headers['tessera-dlq-source-topic']).toBe(Topics.otpRequest);
    const reply = await recorder.waitFor(
      (m) => m.topic === 'otp.request.reply' && m.headers['tessera-correlation-id'] === correlationId,
    );
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
    // and the service keeps working
    const after = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber() } });
    expect(after.status).toBe(201);
  });

  it('stops an app at boot with one message naming every configuration problem', async () => {
    const env: Record<string, string> = {
      ...appEnv['otp-service'](state),
      KAFKA_BROKERS: '',
      OTP_SEAL_ACTIVE_KID: 'nope',
      OUTBOX_RELAY_INTERVAL_MS: 'soon',
    };
    delete env.OTP_CODE_HMAC_SECRET;
    const { code, output } = await runAppToExit('otp-service', env);
    expect(code).toBe(1);
    expect(output).toContain('otp-service: invalid configuration');
    expect(output).toContain('OTP_CODE_HMAC_SECRET: is required but missing');
    expect(output).toContain('KAFKA_BROKERS');
    expect(output).toContain('OUTBOX_RELAY_INTERVAL_MS');
    expect(output).toContain('OTP_SEAL_ACTIVE_KID');
    expect(output).not.toContain(state.secrets.GATEWAY_BUS_SECRET);
  });

  it('shares the commands with a second otp-service replica and hands its partitions back on SIGTERM', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'] });
    // A client retries a 503 (a consumer-group rebalance can hold a reply past the gateway's timeout) with the
    // same Idempotency-Key: nothing is sent twice and nothing is lost.
    const create = async (key: string) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await http('POST', '/v1/verifications', {
          key: tenant.apiKey,
          headers: { 'idempotency-key': key },
          body: { to: destinations.get(key)! },
        });
        if (answer.status !== 503 || attempt === 3) return answer;
      }
    };
    const destinations = new Map(Array.from({ length: 7 }, (_, i) => [`replica-${state.runId}-${i}`, phoneNumber()]));
    const keys = [...destinations.keys()];
    const { startApp } = await import('@tessera/testing');
    const second = await startApp('otp-service', E2E_PORTS.otpService + 100, appEnv['otp-service'](state));
    try {
      const during = await Promise.all(keys.slice(0, 6).map(create));
      for (const answer of during) expect(answer!.status).toBe(201);
      expect(new Set(during.map((a) => a!.body.id)).size).toBe(6);
    } finally {
      expect(await second.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    }
    expect((await create(keys[6]))!.status).toBe(201);
  });

  it('throttles per client IP at the gateway (a second replica with a low limit, sharing the reply group)', async () => {
    const tenant = await createTenant(state);
    const { startApp } = await import('@tessera/testing');
    const second = await startApp('gateway', E2E_PORTS.gateway + 100, {
      ...appEnv.gateway(state),
      THROTTLE_PER_IP_PER_MINUTE: '3',
    });
    try {
      const base = `http://127.0.0.1:${E2E_PORTS.gateway + 100}`;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        // a client cannot escape its limit by claiming another address (no proxy is trusted by default)
        const headers = { 'x-forwarded-for': `203.0.113.${i}` };
        statuses.push(
          (await http('GET', `/v1/verifications/vf_${'0'.repeat(32)}`, { key: tenant.apiKey, base, headers })).status,
        );
      }
      expect(statuses.slice(0, 3)).toEqual([404, 404, 404]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      expect(await second.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    }
  });
});

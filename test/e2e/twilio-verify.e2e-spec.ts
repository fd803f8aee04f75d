import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../libs/testing/src/app-process';
import { GATEWAY, SANDBOX, emailAddress, phoneNumber, rememberCode } from '../support/api';
import { loadState } from '../support/system';
import { Topics } from '@tessera/contracts';
import { TopicRecorder } from '@tessera/testing';
import { commandsSpent, dbCommandCounts, liveVerifications, otpServiceSettled } from '../support/app-metrics';
import { codeFromSandbox } from '../support/twilio/sandbox-code';
import { createTwilioTestAccount, twilioClient, type TwilioTestAccount } from '../support/twilio/twilio-test-account';

const SID = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`);

/** What the SDK throws for an error answer: its RestException, with Twilio's code and HTTP status. */
async function restError(call: Promise<unknown>): Promise<{ code: number; status: number; moreInfo: string }> {
  try {
    await call;
  } catch (error) {
    return error as { code: number; status: number; moreInfo: string };
  }
  throw new Error('the call succeeded');
}

const wrongCode = (code: string) => (code === '0'.repeat(code.length) ? '1' : '0').repeat(code.length);

describe('Twilio Verify drop-in (/v2): the official SDKs, unchanged, pointed at Tessera', () => {
  const state = loadState();
  let account: TwilioTestAccount;

  beforeAll(async () => {
    account = await createTwilioTestAccount(state);
  });

  describe('the official twilio npm package', () => {
    const client = () => twilioClient(account.accountSid, account.authToken);
    let serviceSid: string;

    it('creates a Service with the fields that map onto the policy, echoing the others', async () => {
      const service = await client().verify.v2.services.create({
        friendlyName: 'Acme',
        codeLength: 8,
        lookupEnabled: true,
        doNotShareWarningEnabled: true,
        ttsName: 'acme-voice',
      });
      expect(service.sid).toMatch(SID('VA'));
      expect(service).toMatchObject({
        accountSid: account.accountSid,
        friendlyName: 'Acme',
        codeLength: 8,
        lookupEnabled: true,
        doNotShareWarningEnabled: true,
        ttsName: 'acme-voice',
        customCodeEnabled: false,
        url: `${GATEWAY}/v2/Services/${service.sid}`,
      });
      expect(service.dateCreated).toBeInstanceOf(Date);
      expect(service.links.verifications).toBe(`${GATEWAY}/v2/Services/${service.sid}/Verifications`);
      serviceSid = service.sid;
      const refused = await restError(
        client().verify.v2.services.create({ friendlyName: 'x', customCodeEnabled: true }),
      );
      expect(refused).toMatchObject({ code: 60204, status: 400 });
    });

    it.each([
      ['sms', () => phoneNumber()],
      ['whatsapp', () => phoneNumber()],
      ['email', () => emailAddress('twilio')],
    ])('sends over %s, reads the code from the sandbox and approves it', async (channel, destination) => {
      const to = destination();
      const since = Date.now();
      const verify = client().verify.v2.services(serviceSid);
      const started = await verify.verifications.create({ to, channel });
      expect(started.sid).toMatch(SID('VE'));
      expect(started).toMatchObject({ serviceSid, accountSid: account.accountSid, to, channel, status: 'pending' });
      expect(started.valid).toBe(false);
      expect(started.sendCodeAttempts).toEqual([
        { attempt_sid: expect.stringMatching(SID('VL')), channel: channel.toUpperCase(), time: expect.any(String) },
      ]);
      const code = await codeFromSandbox(to, channel, since);
      expect(code).toMatch(/^\d{8}$/);
      const checked = await verify.verificationChecks.create(
        channel === 'email' ? { verificationSid: started.sid, code } : { to, code },
      );
      expect(checked).toMatchObject({ sid: started.sid, status: 'approved', valid: true, channel });
      // Twilio's bare 404 after approval is kept on /v2 (/v1 answers verification.already_approved)
      expect(await restError(verify.verificationChecks.create({ to, code }))).toMatchObject({
        code: 20404,
        status: 404,
        moreInfo: 'https://www.twilio.com/docs/errors/20404',
      });
    });

    it('answers wrong codes with pending until 60202 (max check attempts)', async () => {
      const to = phoneNumber();
      const since = Date.now();
      const verify = client().verify.v2.services(serviceSid);
      await verify.verifications.create({ to, channel: 'sms' });
      const wrong = wrongCode(await codeFromSandbox(to, 'sms', since));
      const statuses: string[] = [];
      for (;;) {
        const answer = await verify.verificationChecks.create({ to, code: wrong }).catch((error: unknown) => error);
        if (answer instanceof Error) {
          expect(answer).toMatchObject({ code: 60202, status: 429 });
          break;
        }
        statuses.push((answer as { status: string }).status);
        if (statuses.length > 10) throw new Error('no 60202 after 10 wrong codes');
      }
      expect(statuses).toEqual(['pending', 'pending', 'pending', 'pending', 'max_attempts_reached']);
    });

    it('resends on a new verification to the same To until 60203 (max send attempts), one attempt each', async () => {
      const to = phoneNumber();
      const verify = client().verify.v2.services(serviceSid);
      const attempts: number[] = [];
      for (;;) {
        const answer = await verify.verifications.create({ to, channel: 'sms' }).catch((error: unknown) => error);
        if (answer instanceof Error) {
          expect(answer).toMatchObject({ code: 60203, status: 429 });
          break;
        }
        attempts.push((answer as { sendCodeAttempts: unknown[] }).sendCodeAttempts.length);
        if (attempts.length > 10) throw new Error('no 60203 after 10 sends');
      }
      expect(attempts).toEqual([1, 2, 3, 4, 5]);
    });

    it('fetches by sid and by To, cancels, approves without a code, and fetches the ended ones', async () => {
      const verify = client().verify.v2.services(serviceSid);
      const to = phoneNumber();
      const started = await verify.verifications.create({ to, channel: 'sms' });
      const bySid = await verify.verifications(started.sid).fetch();
      expect(bySid).toMatchObject({ sid: started.sid, status: 'pending', channel: 'sms' });
      expect(bySid.url).toBe(`${GATEWAY}/v2/Services/${serviceSid}/Verifications/${started.sid}`);
      expect(await verify.verifications(to).fetch()).toMatchObject({ sid: started.sid, to, status: 'pending' });

      expect(await verify.verifications(started.sid).update({ status: 'canceled' })).toMatchObject({
        sid: started.sid,
        status: 'canceled',
      });
      expect(await verify.verifications(started.sid).fetch()).toMatchObject({ status: 'canceled' });
      expect(await restError(verify.verificationChecks.create({ to, code: '12345678' }))).toMatchObject({
        code: 20404,
      });

      const other = await verify.verifications.create({ to: phoneNumber(), channel: 'sms' });
      expect(await verify.verifications(other.sid).update({ status: 'approved' })).toMatchObject({
        status: 'approved',
        valid: true,
      });
      expect(await verify.verifications(other.sid).fetch()).toMatchObject({ status: 'approved' });
      expect(await restError(verify.verifications(`VE${'0'.repeat(32)}`).fetch())).toMatchObject({ code: 20404 });
    });

    it('lists, pages, updates and deletes Services', async () => {
      const services = client().verify.v2.services;
      for (const name of ['Beta', 'Gamma']) await services.create({ friendlyName: name });
      const all = await services.list({ pageSize: 2 });
      expect(all.map((s) => s.friendlyName)).toEqual(['Acme', 'Beta', 'Gamma']);
      const first = await services.page({ pageSize: 2 });
      expect(first.instances.map((s) => s.friendlyName)).toEqual(['Acme', 'Beta']);
      expect(first.nextPageUrl).toBe(`${GATEWAY}/v2/Services?PageSize=2&Page=1`);
      const second = await first.nextPage();
      expect(second!.instances.map((s) => s.friendlyName)).toEqual(['Gamma']);
      expect(second!.nextPageUrl).toBeUndefined();

      const gamma = second!.instances[0]!;
      expect(await services(gamma.sid).update({ friendlyName: 'Gamma 2', codeLength: 4 })).toMatchObject({
        friendlyName: 'Gamma 2',
        codeLength: 4,
      });
      const to = phoneNumber();
      const since = Date.now();
      await services(gamma.sid).verifications.create({ to, channel: 'sms' });
      expect(await codeFromSandbox(to, 'sms', since)).toMatch(/^\d{4}$/);
      expect(await services(gamma.sid).remove()).toBe(true);
      expect(await restError(services(gamma.sid).fetch())).toMatchObject({ code: 20404, status: 404 });
    });

    it('spends no more database commands than /v1 on a complete SMS verification (at most 12)', async () => {
      const recorder = await new TopicRecorder().start([Topics.otpDelivered, Topics.otpVerified]);
      const verify = client().verify.v2.services(serviceSid);
      const flow = async () => {
        const to = phoneNumber();
        const since = Date.now();
        const started = await verify.verifications.create({ to, channel: 'sms' });
        const id = `vf_${started.sid.slice(2)}`;
        await recorder.waitFor(
          (m) => m.topic === Topics.otpDelivered && m.verificationId === id && m.json().payload.status === 'delivered',
        );
        const checked = await verify.verificationChecks.create({ to, code: await codeFromSandbox(to, 'sms', since) });
        expect(checked.status).toBe('approved');
        await recorder.waitFor((m) => m.topic === Topics.otpVerified && m.verificationId === id);
      };
      try {
        await flow(); // warm-up: credentials, Service and policy are then cached, as in steady traffic
        const live = await liveVerifications();
        const before = await dbCommandCounts();
        const flows = 5;
        for (let i = 0; i < flows; i++) await flow();
        await otpServiceSettled(live);
        const after = await dbCommandCounts();
        const spent = commandsSpent(before, after);
        const total = Object.values(spent).reduce((sum, n) => sum + n, 0);
        process.stdout.write(
          `/v2 database commands for ${flows} SMS flows: ${total} (${total / flows}/flow) ${JSON.stringify(spent)}\n`,
        );
        expect(total / flows).toBeLessThanOrEqual(12);
        expect(after['gateway/find'] ?? 0).toBe(before['gateway/find'] ?? 0);
      } finally {
        await recorder.stop();
      }
    });

    it('authenticates with an API key (SK…) and refuses a wrong auth token with 20003', async () => {
      const byKey = twilioClient(account.apiKeySid, account.apiKeySecret, account.accountSid);
      expect(await byKey.verify.v2.services(serviceSid).fetch()).toMatchObject({ sid: serviceSid });
      const wrong = twilioClient(account.accountSid, `${account.authToken.slice(0, -1)}x`);
      expect(await restError(wrong.verify.v2.services.list())).toMatchObject({ code: 20003, status: 401 });
    });
  });

  it("answers what the gateway refuses before a route (an over-large body, an unknown path) in Twilio's shape", async () => {
    const auth = `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString('base64')}`;
    const headers = { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' };
    const huge = await fetch(`${GATEWAY}/v2/Services`, {
      method: 'POST',
      headers,
      body: `FriendlyName=${'x'.repeat(64 * 1024)}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await huge.json()).toMatchObject({ code: 60200, status: 413 });
    const unknown = await fetch(`${GATEWAY}/v2/Nowhere`, { headers });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      code: 20404,
      status: 404,
      message: expect.stringContaining('/Nowhere'),
    });
  });

  it('the official twilio PyPI package runs the same flow', async () => {
    const account = await createTwilioTestAccount(state);
    const python = join(process.env.TESSERA_HOME ?? join(REPO_ROOT, '.local'), 'venv', 'bin', 'python');
    const { stdout } = await promisify(execFile)(python, [join(REPO_ROOT, 'test/support/twilio/python_sdk_flow.py')], {
      env: {
        ...process.env,
        TESSERA_GATEWAY: GATEWAY,
        TESSERA_SANDBOX: SANDBOX,
        TESSERA_PHONES: Array.from({ length: 8 }, () => phoneNumber()).join(','),
        TWILIO_ACCOUNT_SID: account.accountSid,
        TWILIO_AUTH_TOKEN: account.authToken,
        TWILIO_API_KEY: account.apiKeySid,
        TWILIO_API_SECRET: account.apiKeySecret,
      },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as { codes: string[]; steps: string[] };
    for (const code of report.codes) rememberCode(code);
    expect(report.steps).toEqual([
      'service created',
      'sms approved',
      'whatsapp approved',
      'email approved',
      'bare 404 after approval',
      'wrong codes until 60202',
      'resends until 60203',
      'fetched by sid and by To',
      'canceled and fetched',
      'approved without a code',
      'listed and paged',
      'api key',
      '20003',
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_LOG_DIR } from '@tessera/testing';
import { SANDBOX, createTenant, http, phoneNumber, rememberCode } from '../support/api';
import { loadState } from '../support/system';

const SERVICES = ['gateway', 'otp-service', 'channel-sms', 'channel-whatsapp', 'channel-email'];
/** pino's numeric levels */
const DEBUG = 20;
const INFO = 30;

interface LogLine {
  app: string;
  level: number;
  traceId?: string;
  msg: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
}

/** Every JSON line of one app's log (the e2e system's, under .local/test-logs) that names the trace. */
function linesOfTrace(app: string, traceId: string): LogLine[] {
  const file = join(TEST_LOG_DIR, `${app}.log`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(traceId))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits for a log line of `app` in the trace whose message matches (pino writes asynchronously). */
async function logged(app: string, traceId: string, matches: (line: LogLine) => boolean, what: string) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const found = linesOfTrace(app, traceId).find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no ${app} log line in trace ${traceId}: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** A new tenant with `plan`, and a verification of `to` requested in a new trace. */
async function requestInTrace(state: ReturnType<typeof loadState>, plan: string[], to: string) {
  const tenant = await createTenant(state, { defaultPlan: plan });
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  const since = Date.now() - 1000;
  const created = await http('POST', '/v1/verifications', {
    key: tenant.apiKey,
    body: { to },
    headers: { traceparent },
  });
  expect(created.status).toBe(201);
  expect(created.headers.get('traceparent')).toBe(traceparent);
  return { tenant, traceId, traceparent, since, id: created.body.id as string };
}

/** The code the sandbox received for `to` since `since` (its long-poll), remembered for the leak scan. */
async function smsCode(to: string, since: number): Promise<string> {
  const sms = await http(
    'GET',
    `/api/messages/wait?to=${encodeURIComponent(to)}&channel=sms&since=${since}&timeoutMs=20000`,
    { base: SANDBOX },
  );
  expect(sms.status).toBe(200);
  const code: string = sms.body.code;
  rememberCode(code);
  return code;
}

/** The person's check, from the same client session as the request: it carries the trace on. */
async function checkInTrace(apiKey: string, id: string, code: string, traceparent: string): Promise<void> {
  const checked = await http('POST', `/v1/verifications/${id}/check`, {
    key: apiKey,
    body: { code },
    headers: { traceparent },
  });
  expect(checked.body).toMatchObject({ status: 'approved', valid: true });
}

describe('one W3C trace, followed in the logs of every service', () => {
  const state = loadState();

  it('follows one trace id from the HTTP request through the otp-service, both channels of a fallback, their provider calls, the receipts and the check', async () => {
    const to = phoneNumber('0013'); // not a WhatsApp user: WhatsApp fails (receipt 131026), SMS delivers
    const { tenant, traceId, traceparent, since, id } = await requestInTrace(state, ['whatsapp', 'sms'], to);

    const code = await smsCode(to, since);
    await logged('channel-sms', traceId, (l) => l.msg.includes(`receipt: attempt 2 of ${id} delivered`), 'sms receipt');
    await checkInTrace(tenant.apiKey, id, code, traceparent);

    await logged('gateway', traceId, (l) => l.req?.method === 'POST' && l.req.url === '/v1/verifications', 'request');
    await logged('otp-service', traceId, (l) => l.msg === `verification ${id} issued, whatsapp first`, 'issue');
    await logged(
      'channel-whatsapp',
      traceId,
      (l) => l.msg.includes(`attempt 1 of ${id} (try 1) sent via meta-cloud as `),
      'WhatsApp provider call',
    );
    await logged('channel-whatsapp', traceId, (l) => l.msg.includes(`receipt: attempt 1 of ${id} failed`), 'receipt');
    await logged('otp-service', traceId, (l) => l.msg.includes(`verification ${id}: fallback to sms`), 'fallback');
    await logged(
      'channel-sms',
      traceId,
      (l) => l.msg.includes(`attempt 2 of ${id} (try 1) sent via twilio as `),
      'SMS provider call',
    );
    await logged('gateway', traceId, (l) => l.req?.url === `/v1/verifications/${id}/check`, 'check request');
    await logged('otp-service', traceId, (l) => l.msg === `verification ${id} approved`, 'approval');
  });

  it('starts a trace for a request that brings none, and answers it in the traceparent header', async () => {
    const tenant = await createTenant(state, { defaultPlan: ['sms'] });
    const created = await http('POST', '/v1/verifications', { key: tenant.apiKey, body: { to: phoneNumber('0001') } });
    expect(created.status).toBe(201);
    const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(created.headers.get('traceparent') ?? '')?.[1];
    expect(traceId).toBeDefined();
    await logged(
      'otp-service',
      traceId!,
      (l) => l.msg === `verification ${created.body.id} issued, sms first`,
      'issue',
    );
  });

  it('logs a flow that went well at debug only: nothing at info or above, in any service', async () => {
    const to = phoneNumber('0001');
    const { tenant, traceId, traceparent, since, id } = await requestInTrace(state, ['sms'], to);
    const code = await smsCode(to, since);
    await logged('channel-sms', traceId, (l) => l.msg.includes(`receipt: attempt 1 of ${id} delivered`), 'receipt');
    await checkInTrace(tenant.apiKey, id, code, traceparent);
    await logged('otp-service', traceId, (l) => l.msg === `verification ${id} approved`, 'approval');
    await logged('gateway', traceId, (l) => l.req?.url === `/v1/verifications/${id}/check`, 'check request');

    const lines = SERVICES.flatMap((app) => linesOfTrace(app, traceId));
    expect(lines.filter((l) => l.level >= INFO)).toEqual([]);
    const debug = lines
      .filter((l) => l.level === DEBUG)
      // a request's own line (pino-http's, with its response) by method and URL; a line written while handling a
      // request (it carries the request too) by its message
      .map((l) => `${l.app}: ${l.req && l.res ? `${l.req.method} ${l.req.url}` : l.msg}`);
    expect(debug).toEqual(
      expect.arrayContaining([
        'gateway: POST /v1/verifications',
        `gateway: POST /v1/verifications/${id}/check`,
        `otp-service: verification ${id} issued, sms first`,
        expect.stringMatching(new RegExp(`^channel-sms: attempt 1 of ${id} \\(try 1\\) sent via twilio as `)),
        `channel-sms: receipt: attempt 1 of ${id} delivered`,
        `otp-service: verification ${id} approved`,
      ]),
    );
  });
});

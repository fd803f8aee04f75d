import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  RecordReceiptUseCase,
  deliveryRefFields,
  type DeliveryRef,
  type ProviderStatusReport,
  type ReceiptOutcome,
} from '@tessera/channel-kit';
import { startSandbox, type RunningSandbox } from '../../../sandbox/src/sandbox';
import { TwilioSmsProvider } from '../providers/twilio/twilio-sms.provider';
import {
  TWILIO_WEBHOOK_SETTINGS,
  TwilioWebhookHttpController,
  type TwilioWebhookSettings,
} from './twilio-webhook.http.controller';

const ACCOUNT_SID = 'ACsandbox0000000000000000000000000';
const AUTH_TOKEN = 'test-twilio-token';

/** Stands in for RecordReceiptUseCase: keeps every report; recorded when it names its attempt, as the real one. */
class FakeRecordReceipt {
  readonly reports: ProviderStatusReport[] = [];
  answer = (report: ProviderStatusReport): ReceiptOutcome => (report.delivery ? 'recorded' : 'unknown_message');
  private wakers: Array<() => void> = [];

  async execute(report: ProviderStatusReport): Promise<ReceiptOutcome> {
    this.reports.push(report);
    this.wakers.forEach((wake) => wake());
    return this.answer(report);
  }

  waitFor(match: (report: ProviderStatusReport) => boolean, timeoutMs = 10_000): Promise<ProviderStatusReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching report')), timeoutMs);
      const check = (): void => {
        const found = this.reports.find(match);
        if (!found) return;
        clearTimeout(timer);
        this.wakers = this.wakers.filter((wake) => wake !== check);
        resolve(found);
      };
      this.wakers.push(check);
      check();
    });
  }
}

/** Computed here, independently of the code under test, as Twilio documents it. */
const sign = (url: string, params: Record<string, string>, token = AUTH_TOKEN): string =>
  createHmac('sha1', token)
    .update(
      Object.keys(params)
        .sort()
        .reduce((acc, name) => acc + name + params[name], url),
    )
    .digest('base64');

describe('POST /webhooks/twilio', () => {
  const records = new FakeRecordReceipt();
  const settings: TwilioWebhookSettings = { authToken: AUTH_TOKEN, callbackUrl: '' };
  let app: NestFastifyApplication;
  let sandbox: RunningSandbox;
  let localUrl: string;

  const ref: DeliveryRef = {
    tenantId: 'acme',
    verificationId: `vf_${'c'.repeat(32)}`,
    attempt: 1,
    requestedAt: new Date('2026-01-01T00:00:00Z'),
  };
  /** The query a StatusCallback of `ref`'s message carries: the configured one, then the ref. */
  const refQuery = `source=twilio&${new URLSearchParams(deliveryRefFields(ref)).toString()}`;
  /** The URL Twilio was given for that message (and signs). */
  const publicUrl = () => `${settings.callbackUrl}&${new URLSearchParams(deliveryRefFields(ref)).toString()}`;

  const post = (
    params: Record<string, string>,
    headers: Record<string, string> = {},
    query = refQuery,
  ): Promise<Response> =>
    fetch(`${localUrl}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params).toString(),
    });

  const callback = (sid: string, MessageStatus: string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    From: '+15005550006',
    MessageSid: sid,
    MessageStatus,
    SmsSid: sid,
    SmsStatus: MessageStatus,
    To: '+15552000001',
    ...extra,
  });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({
      controllers: [TwilioWebhookHttpController],
      providers: [
        { provide: RecordReceiptUseCase, useValue: records },
        { provide: TWILIO_WEBHOOK_SETTINGS, useValue: settings },
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      rawBody: true,
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    localUrl = `http://127.0.0.1:${port}/webhooks/twilio`;
    // As configured behind a proxy: the public URL differs from the one the request is seen on.
    settings.callbackUrl = `http://localhost:${port}/webhooks/twilio?source=twilio`;
    sandbox = await startSandbox({
      httpPort: 0,
      smtpPort: 0,
      smppPort: 0,
      callbackDelayMs: 10,
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      logger: false,
    });
  });

  afterAll(async () => {
    await sandbox?.close();
    await app?.close();
  });

  const provider = () =>
    new TwilioSmsProvider({
      baseUrl: `${sandbox.httpUrl}/twilio`,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+15005550006',
      statusCallbackUrl: settings.callbackUrl,
      timeoutMs: 5000,
    });

  const send = (to: string) =>
    provider().send({
      ref,
      to,
      code: '482913',
      text: 'Your Acme code is 482913',
      locale: 'en',
      brand: 'Acme',
      ttlSeconds: 300,
    });

  it('records the sandbox’s signed sent and delivered callbacks, each naming its attempt from the URL', async () => {
    const { providerMessageId } = await send('+15552000001');
    const sent = await records.waitFor((r) => r.providerMessageId === providerMessageId && r.status === 'sent');
    const delivered = await records.waitFor(
      (r) => r.providerMessageId === providerMessageId && r.status === 'delivered',
    );
    expect(sent).toMatchObject({ errorCode: null, permanent: false, delivery: ref });
    expect(delivered).toMatchObject({ errorCode: null, permanent: false, delivery: ref });
    const message = await sandbox.inbox.waitFor(
      (m) => m.providerMessageId === providerMessageId && m.callbacks.length === 2,
    );
    expect(message.callbacks.map((c) => [c.status, c.responseStatus, c.ok])).toEqual([
      ['sent', 200, true],
      ['delivered', 200, true],
    ]);
  });

  it('records …0003’s undelivered callback as a permanent failure with ErrorCode 30003', async () => {
    const { providerMessageId } = await send('+15552000003');
    const failed = await records.waitFor((r) => r.providerMessageId === providerMessageId);
    expect(failed).toMatchObject({ status: 'failed', errorCode: '30003', permanent: true, delivery: ref });
  });

  it('answers 401 without a signature and 403 with a wrong one, recording nothing', async () => {
    const params = callback('SM00000000000000000000000000000001', 'delivered');
    const before = records.reports.length;
    const missing = await post(params);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'auth.unauthorized' });
    expect((await post(params, { 'x-twilio-signature': sign(publicUrl(), params, 'other') })).status).toBe(403);
    const tampered = { ...params, MessageStatus: 'undelivered' };
    expect((await post(tampered, { 'x-twilio-signature': sign(publicUrl(), params) })).status).toBe(403);
    expect(records.reports.length).toBe(before);
  });

  it('refuses a callback whose delivery ref was changed in the query (the signature covers it)', async () => {
    const params = callback('SM00000000000000000000000000000009', 'delivered');
    const before = records.reports.length;
    const otherAttempt = refQuery.replace('att=1', 'att=2');
    const response = await post(params, { 'x-twilio-signature': sign(publicUrl(), params) }, otherAttempt);
    expect(response.status).toBe(403);
    expect(records.reports.length).toBe(before);
  });

  it('checks the signature against SMS_STATUS_CALLBACK_URL with the query, not the URL the request arrived on', async () => {
    const params = callback('SM00000000000000000000000000000002', 'delivered');
    expect((await post(params, { 'x-twilio-signature': sign(`${localUrl}?${refQuery}`, params) })).status).toBe(403);
    const ok = await post(params, { 'x-twilio-signature': sign(publicUrl(), params) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ outcome: 'recorded' });
    expect(records.reports.at(-1)).toMatchObject({ providerMessageId: params.MessageSid, delivery: ref });
  });

  it('passes a replayed callback on again (the otp-service ignores a status the attempt has)', async () => {
    const params = callback('SM00000000000000000000000000000003', 'delivered');
    const signature = sign(publicUrl(), params);
    for (const _ of [1, 2]) {
      const answer = await post(params, { 'x-twilio-signature': signature });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ outcome: 'recorded' });
    }
    expect(records.reports.filter((r) => r.providerMessageId === params.MessageSid)).toHaveLength(2);
  });

  it('acknowledges a signed callback without a delivery ref (a message sent before refs) as unknown', async () => {
    const params = callback('SM00000000000000000000000000000004', 'delivered');
    const response = await post(params, { 'x-twilio-signature': sign(settings.callbackUrl, params) }, 'source=twilio');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'unknown_message' });
  });

  it('acknowledges statuses Tessera does not track, and refuses a signed form that is not a callback', async () => {
    const queued = callback('SM00000000000000000000000000000005', 'queued');
    const response = await post(queued, { 'x-twilio-signature': sign(publicUrl(), queued) });
    expect(await response.json()).toEqual({ outcome: 'ignored' });
    const junk = { hello: 'world' };
    expect((await post(junk, { 'x-twilio-signature': sign(publicUrl(), junk) })).status).toBe(400);
  });
});

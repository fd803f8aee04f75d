import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { RecordReceiptUseCase, type ProviderStatusReport, type ReceiptOutcome } from '@tessera/channel-kit';
import { startSandbox, type RunningSandbox } from '../../../sandbox/src/sandbox';
import { RECEIPT_RETRY_DELAYS_MS, ReceiptRecorder } from '../delivery/receipt-recorder';
import { TwilioSmsProvider } from '../providers/twilio/twilio-sms.provider';
import {
  TWILIO_WEBHOOK_SETTINGS,
  TwilioWebhookHttpController,
  type TwilioWebhookSettings,
} from './twilio-webhook.http.controller';

const ACCOUNT_SID = 'ACsandbox0000000000000000000000000';
const AUTH_TOKEN = 'test-twilio-token';

/** Stands in for RecordReceiptUseCase: keeps every report and answers what the test scripted. */
class FakeRecordReceipt {
  readonly reports: ProviderStatusReport[] = [];
  answer: (report: ProviderStatusReport) => ReceiptOutcome = () => 'recorded';
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

  const post = (params: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(localUrl, {
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
        ReceiptRecorder,
        { provide: RecordReceiptUseCase, useValue: records },
        { provide: RECEIPT_RETRY_DELAYS_MS, useValue: [5, 5] },
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

  beforeEach(() => {
    records.answer = () => 'recorded';
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
      verificationId: 'v-1',
      attempt: 1,
      to,
      code: '482913',
      text: 'Your Acme code is 482913',
      locale: 'en',
      brand: 'Acme',
      ttlSeconds: 300,
    });

  it('records the sandbox’s signed sent and delivered callbacks', async () => {
    const { providerMessageId } = await send('+15552000001');
    const sent = await records.waitFor((r) => r.providerMessageId === providerMessageId && r.status === 'sent');
    const delivered = await records.waitFor(
      (r) => r.providerMessageId === providerMessageId && r.status === 'delivered',
    );
    expect(sent).toMatchObject({ errorCode: null, permanent: false });
    expect(delivered).toMatchObject({ errorCode: null, permanent: false });
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
    expect(failed).toMatchObject({ status: 'failed', errorCode: '30003', permanent: true });
  });

  it('answers 401 without a signature and 403 with a wrong one, recording nothing', async () => {
    const params = callback('SM00000000000000000000000000000001', 'delivered');
    const before = records.reports.length;
    const missing = await post(params);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'auth.unauthorized' });
    expect((await post(params, { 'x-twilio-signature': sign(settings.callbackUrl, params, 'other') })).status).toBe(
      403,
    );
    const tampered = { ...params, MessageStatus: 'undelivered' };
    expect((await post(tampered, { 'x-twilio-signature': sign(settings.callbackUrl, params) })).status).toBe(403);
    expect(records.reports.length).toBe(before);
  });

  it('checks the signature against SMS_STATUS_CALLBACK_URL, not the URL the request arrived on', async () => {
    const params = callback('SM00000000000000000000000000000002', 'delivered');
    expect((await post(params, { 'x-twilio-signature': sign(localUrl, params) })).status).toBe(403);
    const ok = await post(params, { 'x-twilio-signature': sign(settings.callbackUrl, params) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ outcome: 'recorded' });
  });

  it('answers a replayed callback 200 (duplicate, nothing published twice)', async () => {
    const params = callback('SM00000000000000000000000000000003', 'delivered');
    const signature = sign(settings.callbackUrl, params);
    records.answer = (r) =>
      records.reports.filter((x) => x.providerMessageId === r.providerMessageId).length > 1 ? 'duplicate' : 'recorded';
    expect(await (await post(params, { 'x-twilio-signature': signature })).json()).toEqual({ outcome: 'recorded' });
    const replay = await post(params, { 'x-twilio-signature': signature });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ outcome: 'duplicate' });
  });

  it('answers 503 with Retry-After for a message still unknown after a short wait', async () => {
    records.answer = () => 'unknown_message';
    const params = callback('SM00000000000000000000000000000004', 'delivered');
    const before = records.reports.length;
    const response = await post(params, { 'x-twilio-signature': sign(settings.callbackUrl, params) });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(records.reports.length - before).toBe(3);
  });

  it('acknowledges statuses Tessera does not track, and refuses a signed form that is not a callback', async () => {
    const queued = callback('SM00000000000000000000000000000005', 'queued');
    const response = await post(queued, { 'x-twilio-signature': sign(settings.callbackUrl, queued) });
    expect(await response.json()).toEqual({ outcome: 'ignored' });
    const junk = { hello: 'world' };
    expect((await post(junk, { 'x-twilio-signature': sign(settings.callbackUrl, junk) })).status).toBe(400);
  });
});

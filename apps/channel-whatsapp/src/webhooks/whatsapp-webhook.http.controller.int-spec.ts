import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { RecordReceiptUseCase, type ProviderStatusReport, type ReceiptOutcome } from '@tessera/channel-kit';
import { startSandbox, type RunningSandbox } from '../../../sandbox/src/sandbox';
import { MetaCloudWhatsappProvider } from '../providers/meta-cloud/meta-cloud-whatsapp.provider';
import { WhatsappWebhookHttpController } from './whatsapp-webhook.http.controller';
import { WHATSAPP_WEBHOOK_SETTINGS } from './whatsapp-webhook.settings';

const APP_SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'test-verify-token';
const WHATSAPP_TOKEN = 'test-whatsapp-token';

/** Stands in for RecordReceiptUseCase: records every report and answers what the test scripted. */
class FakeRecordReceipt {
  readonly reports: ProviderStatusReport[] = [];
  answer: (report: ProviderStatusReport) => ReceiptOutcome = () => 'recorded';
  private waiters: Array<() => void> = [];

  async execute(report: ProviderStatusReport): Promise<ReceiptOutcome> {
    this.reports.push(report);
    this.waiters.forEach((wake) => wake());
    return this.answer(report);
  }

  /** Resolves once a report matches (no polling). */
  waitFor(match: (report: ProviderStatusReport) => boolean, timeoutMs = 10_000): Promise<ProviderStatusReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching report')), timeoutMs);
      const check = () => {
        const found = this.reports.find(match);
        if (!found) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((wake) => wake !== check);
        resolve(found);
      };
      this.waiters.push(check);
      check();
    });
  }

  reset(): void {
    this.reports.length = 0;
    this.answer = () => 'recorded';
  }
}

/** Computed here, independently of the code under test. */
const sign = (body: string, secret = APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`;

const statusWebhook = (id: string, status: string, at = new Date(), errors?: unknown[]) =>
  JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '100000000000000',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550000000', phone_number_id: '100000000000001' },
              statuses: [
                {
                  id,
                  status,
                  timestamp: String(Math.floor(at.getTime() / 1000)),
                  recipient_id: '15550000001',
                  ...(errors ? { errors } : {}),
                },
              ],
            },
          },
        ],
      },
    ],
  });

describe('WhatsappWebhookHttpController over HTTP', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  const receipts = new FakeRecordReceipt();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [WhatsappWebhookHttpController],
      providers: [
        { provide: RecordReceiptUseCase, useValue: receipts },
        { provide: WHATSAPP_WEBHOOK_SETTINGS, useValue: { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } },
      ],
    }).compile();
    // As startService creates every app: Fastify with rawBody on.
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      rawBody: true,
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/webhooks/whatsapp`;
  });

  afterAll(() => app.close());
  beforeEach(() => receipts.reset());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(baseUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  describe('verification handshake (GET)', () => {
    const handshake = (query: Record<string, string>) => fetch(`${baseUrl}?${new URLSearchParams(query).toString()}`);

    it('echoes hub.challenge as text/plain when the verify token matches', async () => {
      const response = await handshake({
        'hub.mode': 'subscribe',
        'hub.verify_token': VERIFY_TOKEN,
        'hub.challenge': '1158201444',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong verify token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' }],
      ['another mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' }],
      ['no verify token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
      ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }],
      ['nothing', {}],
    ])('answers 403 to %s', async (_name, query) => {
      const response = await handshake(query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toBe('1');
    });
  });

  describe('status callbacks (POST)', () => {
    it('records each status of a correctly signed body and answers 200', async () => {
      const body = statusWebhook('wamid.A', 'delivered');
      const response = await post(body, { 'x-hub-signature-256': sign(body) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ recorded: 1, already_reported: 0, unknown_message: 0 });
      expect(receipts.reports).toEqual([
        expect.objectContaining({ providerMessageId: 'wamid.A', status: 'delivered' }),
      ]);
    });

    it('passes failed with 131026 on as a permanent failure', async () => {
      const body = statusWebhook('wamid.F', 'failed', new Date(), [{ code: 131026, title: 'Message undeliverable' }]);
      expect((await post(body, { 'x-hub-signature-256': sign(body) })).status).toBe(200);
      expect(receipts.reports).toEqual([
        expect.objectContaining({
          status: 'failed',
          errorCode: '131026',
          permanent: true,
          errorMessage: 'Message undeliverable',
        }),
      ]);
    });

    it('answers 401 without a signature and records nothing', async () => {
      const response = await post(statusWebhook('wamid.A', 'sent'));
      expect(response.status).toBe(401);
      expect(receipts.reports).toHaveLength(0);
    });

    it.each([
      ['another secret', (body: string) => sign(body, 'another-secret')],
      ['the body re-serialized', (body: string) => sign(JSON.stringify(JSON.parse(body), null, 1))],
      ['garbage', () => 'sha256=deadbeef'],
    ])('answers 403 to a signature made with %s and records nothing', async (_name, signature) => {
      const body = statusWebhook('wamid.A', 'sent');
      const response = await post(body, { 'x-hub-signature-256': signature(body) });
      expect(response.status).toBe(403);
      expect(receipts.reports).toHaveLength(0);
    });

    it('answers 400 to signed JSON that is not a status webhook, and records nothing', async () => {
      const valid = JSON.parse(statusWebhook('wamid.A', 'sent'));
      valid.entry[0].changes[0].value.statuses.push({ id: 'wamid.B', status: 'delivered' });
      const body = JSON.stringify(valid);
      const response = await post(body, { 'x-hub-signature-256': sign(body) });
      expect(response.status).toBe(400);
      expect(receipts.reports).toHaveLength(0);
    });

    it('answers 400 to a body that is not JSON', async () => {
      const body = '{"object": "whatsapp_business_account", ';
      const response = await post(body, { 'x-hub-signature-256': sign(body) });
      expect(response.status).toBe(400);
      expect(receipts.reports).toHaveLength(0);
    });

    it('acknowledges webhooks without statuses (incoming messages, template updates)', async () => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }],
      });
      const response = await post(body, { 'x-hub-signature-256': sign(body) });
      expect(response.status).toBe(200);
      expect(receipts.reports).toHaveLength(0);
    });

    it('passes a replay on again, answering 200 (the otp-service ignores a status the attempt has)', async () => {
      const body = statusWebhook('wamid.A', 'delivered');
      for (let copy = 1; copy <= 2; copy++) {
        const response = await post(body, { 'x-hub-signature-256': sign(body) });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ recorded: 1, already_reported: 0, unknown_message: 0 });
      }
      expect(receipts.reports).toHaveLength(2);
    });

    it('acknowledges, at once and with 200, a recent status that names no attempt (nothing to match it by)', async () => {
      receipts.answer = () => 'unknown_message';
      const body = statusWebhook('wamid.foreign', 'delivered');
      const response = await post(body, { 'x-hub-signature-256': sign(body) });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ recorded: 0, already_reported: 0, unknown_message: 1 });
    });

    it('answers 500 when recording fails, so Meta redelivers', async () => {
      receipts.answer = () => {
        throw new Error('mongo is down');
      };
      const body = statusWebhook('wamid.A', 'delivered');
      expect((await post(body, { 'x-hub-signature-256': sign(body) })).status).toBe(500);
    });

    it('refuses another media type with 415', async () => {
      const response = await fetch(baseUrl, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-hub-signature-256': sign('hi') },
        body: 'hi',
      });
      expect(response.status).toBe(415);
    });
  });

  describe('with the sandbox posting Meta-signed webhooks', () => {
    let sandbox: RunningSandbox;
    let provider: MetaCloudWhatsappProvider;

    beforeAll(async () => {
      sandbox = await startSandbox({
        httpPort: 0,
        smtpPort: 0,
        smppPort: 0,
        callbackDelayMs: 10,
        whatsapp: { token: WHATSAPP_TOKEN, appSecret: APP_SECRET, webhookUrl: baseUrl },
        logger: false,
      });
      provider = new MetaCloudWhatsappProvider({
        graphBaseUrl: `${sandbox.httpUrl}/whatsapp`,
        apiVersion: 'v21.0',
        phoneNumberId: '100000000000001',
        accessToken: WHATSAPP_TOKEN,
        timeoutMs: 5000,
      });
    });

    afterAll(() => sandbox.close());

    const ref = { tenantId: 'acme', verificationId: `vf_${'0'.repeat(31)}2`, attempt: 1, requestedAt: new Date(5000) };
    const send = (to: string) =>
      provider.send({
        ref,
        to,
        code: '135790',
        text: '135790 is your code',
        locale: 'en',
        brand: 'Tessera',
        whatsappTemplate: 'tessera_auth',
        ttlSeconds: 300,
      });

    it('accepts the sent and delivered callbacks of a delivered message, each echoing its attempt', async () => {
      const { providerMessageId } = await send('+15552220001');
      await receipts.waitFor((r) => r.providerMessageId === providerMessageId && r.status === 'delivered');
      const reports = receipts.reports.filter((r) => r.providerMessageId === providerMessageId);
      expect(reports.map((r) => [r.status, r.delivery])).toEqual([
        ['sent', ref],
        ['delivered', ref],
      ]);
      const message = await sandbox.inbox.waitFor(
        (m) => m.providerMessageId === providerMessageId && m.callbacks.length === 2,
      );
      expect(message.callbacks.map((c) => c.responseStatus)).toEqual([200, 200]);
    });

    it('passes the 0003 fate on as failed 131026, permanent', async () => {
      const { providerMessageId } = await send('+15552220003');
      const failed = await receipts.waitFor((r) => r.providerMessageId === providerMessageId && r.status === 'failed');
      expect(failed).toMatchObject({ errorCode: '131026', permanent: true, delivery: ref });
    });

    it('gets a status redelivered when recording it failed (500)', async () => {
      let seen = 0;
      receipts.answer = (report) => {
        if (report.status === 'sent' && seen++ === 0) throw new Error('the bus is down');
        return 'recorded';
      };
      const { providerMessageId } = await send('+15552230004');
      const message = await sandbox.inbox.waitFor(
        (m) => m.providerMessageId === providerMessageId && m.callbacks.some((c) => c.ok),
      );
      expect(message.callbacks[0]).toMatchObject({ status: 'sent', attempts: 2, responseStatus: 200, ok: true });
      expect(receipts.reports.filter((r) => r.providerMessageId === providerMessageId)).toHaveLength(2);
    });
  });
});

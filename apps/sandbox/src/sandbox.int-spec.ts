import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import type { InboxMessage } from './inbox/inbox-message';
import { type RunningSandbox, startSandbox } from './sandbox';
import type { MetaErrorBody } from './whatsapp/meta-errors';
import type { WhatsappSendResponse } from './whatsapp/whatsapp.http.controller';
import { smpp, type SmppPdu, type SmppSession } from './smpp/smpp-package';

jest.setTimeout(30_000);

/** A local HTTP server standing in for Tessera's webhook endpoints: it records every request it gets. */
class WebhookReceiver {
  readonly requests: Array<{ path: string; headers: IncomingMessage['headers']; body: string }> = [];
  /** Paths that answer 503 to their first N requests. */
  readonly failFirst = new Map<string, number>();
  private readonly events = new EventEmitter();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const failures = this.failFirst.get(path) ?? 0;
      if (failures > 0) this.failFirst.set(path, failures - 1);
      res.writeHead(failures > 0 ? 503 : 200).end();
      this.events.emit('request');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `count` recorded requests match. */
  waitFor(
    count: number,
    match: (r: WebhookReceiver['requests'][number]) => boolean,
  ): Promise<WebhookReceiver['requests']> {
    return new Promise((resolve) => {
      const check = (): void => {
        const found = this.requests.filter(match);
        if (found.length < count) return;
        this.events.off('request', check);
        resolve(found);
      };
      this.events.on('request', check);
      check();
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The JSON of an answer, typed as the caller expects it (the assertions check that it is). */
const json = <T = unknown>(response: Response): Promise<T> => response.json() as Promise<T>;

const WHATSAPP_TOKEN = 'test-whatsapp-token';
const APP_SECRET = 'test-app-secret';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'test-twilio-token';

const otpTemplate = (to: string, code: string): Record<string, unknown> => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'template',
  template: {
    name: 'tessera_otp',
    language: { code: 'en_US' },
    components: [
      { type: 'body', parameters: [{ type: 'text', text: code }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
    ],
  },
});

describe('sandbox (in-process, ephemeral ports)', () => {
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    sandbox = await startSandbox({
      host: '127.0.0.1',
      httpPort: 0,
      smtpPort: 0,
      smppPort: 0,
      callbackDelayMs: 10,
      slowDelayMs: 50,
      whatsapp: { token: WHATSAPP_TOKEN, appSecret: APP_SECRET, webhookUrl: `${receiverUrl}/webhooks/whatsapp` },
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      smpp: { systemId: 'tessera', password: 'secret' },
      logger: false,
    });
  });

  afterAll(async () => {
    await sandbox?.close();
    await receiver.close();
  });

  describe('WhatsApp Cloud API', () => {
    const send = (body: unknown, token = WHATSAPP_TOKEN): Promise<Response> =>
      fetch(`${sandbox.httpUrl}/whatsapp/v21.0/1234567890/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const statusesOf = async (
      wamid: string,
      count: number,
    ): Promise<Array<{ status: string; body: string; signature: string }>> => {
      const requests = await receiver.waitFor(count, (r) => r.path === '/webhooks/whatsapp' && r.body.includes(wamid));
      return requests.map((r) => ({
        status: JSON.parse(r.body).entry[0].changes[0].value.statuses[0].status as string,
        body: r.body,
        signature: String(r.headers['x-hub-signature-256']),
      }));
    };

    it('accepts an authentication template and posts signed sent and delivered statuses', async () => {
      const response = await send(otpTemplate('+15551230001', '482913'));
      expect(response.status).toBe(200);
      const answer = await json<WhatsappSendResponse>(response);
      expect(answer).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: '+15551230001', wa_id: '15551230001' }],
        messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9_-]+$/) }],
      });
      const wamid: string = answer.messages[0].id;

      const callbacks = await statusesOf(wamid, 2);
      expect(callbacks.map((c) => c.status)).toEqual(['sent', 'delivered']);
      for (const callback of callbacks) {
        const expected = `sha256=${createHmac('sha256', APP_SECRET).update(Buffer.from(callback.body, 'utf8')).digest('hex')}`;
        expect(callback.signature).toBe(expected);
      }
      const webhook = JSON.parse(callbacks[1]!.body);
      expect(webhook).toMatchObject({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: expect.any(String),
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: expect.any(String), phone_number_id: '1234567890' },
                  statuses: [
                    {
                      id: wamid,
                      status: 'delivered',
                      timestamp: expect.stringMatching(/^\d{10}$/),
                      recipient_id: '15551230001',
                    },
                  ],
                },
              },
            ],
          },
        ],
      });

      const stored = await sandbox.inbox.waitFor((m) => m.providerMessageId === wamid && m.callbacks.length === 2);
      expect(stored).toMatchObject({
        channel: 'whatsapp',
        provider: 'meta',
        code: '482913',
        fate: 'deliver',
        outcome: 'accepted',
      });
      expect(stored.statuses.map((s) => s.status)).toEqual(['accepted', 'sent', 'delivered']);
    });

    it('plays read after delivered for a number ending in 0002', async () => {
      const { messages } = await json<WhatsappSendResponse>(await send(otpTemplate('+15551230002', '111222')));
      expect((await statusesOf(messages[0].id, 3)).map((c) => c.status)).toEqual(['sent', 'delivered', 'read']);
    });

    it('echoes biz_opaque_callback_data in every status of the message, failed ones too', async () => {
      const data = '{"v":2,"vid":"vf_1","att":"1"}';
      const statusOf = (body: string) => JSON.parse(body).entry[0].changes[0].value.statuses[0];
      const delivered = await json<WhatsappSendResponse>(
        await send({ ...otpTemplate('+15551230101', '101010'), biz_opaque_callback_data: data }),
      );
      const statuses = (await statusesOf(delivered.messages[0].id, 2)).map((c) => statusOf(c.body));
      expect(statuses.map((s) => [s.status, s.biz_opaque_callback_data])).toEqual([
        ['sent', data],
        ['delivered', data],
      ]);
      const failed = await json<WhatsappSendResponse>(
        await send({ ...otpTemplate('+15551290003', '303030'), biz_opaque_callback_data: data }),
      );
      const [status] = (await statusesOf(failed.messages[0].id, 1)).map((c) => statusOf(c.body));
      expect(status).toMatchObject({ status: 'failed', biz_opaque_callback_data: data });
      const plain = await json<WhatsappSendResponse>(await send(otpTemplate('+15551230201', '202020')));
      const [withoutData] = (await statusesOf(plain.messages[0].id, 1)).map((c) => statusOf(c.body));
      expect(withoutData).not.toHaveProperty('biz_opaque_callback_data');
    });

    it('refuses biz_opaque_callback_data longer than Meta’s 512 characters', async () => {
      const response = await send({
        ...otpTemplate('+15551230301', '404040'),
        biz_opaque_callback_data: 'x'.repeat(513),
      });
      expect(response.status).toBe(400);
    });

    it('accepts a number ending in 0003, then reports it failed with error 131026', async () => {
      const response = await send(otpTemplate('+15551230003', '333444'));
      expect(response.status).toBe(200);
      const { messages } = await json<WhatsappSendResponse>(response);
      const [failed] = await statusesOf(messages[0].id, 1);
      const status = JSON.parse(failed!.body).entry[0].changes[0].value.statuses[0];
      expect(status).toMatchObject({ status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] });
    });

    it('answers 500, 500, then 200 to a number ending in 0005', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await send(otpTemplate('+15551230005', '555555'))).status);
      expect(statuses).toEqual([500, 500, 200]);
      const refused = sandbox.inbox.list({ to: '+15551230005', channel: 'whatsapp' }).map((m) => m.outcome);
      expect(refused).toEqual(['accepted', 'error', 'error']);
    });

    it('answers a number ending in 0006 late, then delivers it', async () => {
      const response = await send(otpTemplate('+15551230006', '666666'));
      expect(response.status).toBe(200);
      const { messages } = await json<WhatsappSendResponse>(response);
      expect((await statusesOf(messages[0].id, 2)).map((c) => c.status)).toEqual(['sent', 'delivered']);
      expect(sandbox.inbox.list({ to: '+15551230006' })[0]).toMatchObject({ fate: 'slow', outcome: 'accepted' });
    });

    it('answers 500 every time to a number ending in 0007', async () => {
      for (let i = 0; i < 3; i++) expect((await send(otpTemplate('+15551230007', '777777'))).status).toBe(500);
    });

    it('refuses a number ending in 0008 with Meta error 131030', async () => {
      const response = await send(otpTemplate('+15551230008', '888888'));
      expect(response.status).toBe(400);
      expect((await json<MetaErrorBody>(response)).error).toMatchObject({ code: 131030, type: 'OAuthException' });
    });

    it('answers 401 with OAuthException 190 to a wrong token', async () => {
      const response = await send(otpTemplate('+15551230001', '1'), 'nope');
      expect(response.status).toBe(401);
      expect((await json<MetaErrorBody>(response)).error).toMatchObject({
        code: 190,
        type: 'OAuthException',
        fbtrace_id: expect.any(String),
      });
    });

    it('answers 400 with error 100 to a body that is not a message', async () => {
      const response = await send({
        messaging_product: 'whatsapp',
        to: '+15551230001',
        type: 'template',
        template: {},
      });
      expect(response.status).toBe(400);
      expect((await json<MetaErrorBody>(response)).error).toMatchObject({
        code: 100,
        error_data: { details: expect.stringContaining('template.name') },
      });
    });
  });

  describe('Twilio Messages API', () => {
    const messagesUrl = (): string => `${sandbox.httpUrl}/twilio/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
    const create = (form: Record<string, string>, password = AUTH_TOKEN): Promise<Response> =>
      fetch(messagesUrl(), {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${password}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(form).toString(),
      });
    /** The signature as Twilio documents it, computed here without the sandbox's code. */
    const expectedSignature = (url: string, body: string): string => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const data =
        url +
        Object.keys(params)
          .sort()
          .map((name) => name + params[name])
          .join('');
      return createHmac('sha1', AUTH_TOKEN).update(Buffer.from(data, 'utf8')).digest('base64');
    };

    it('creates a queued message and posts signed sent and delivered callbacks', async () => {
      const path = '/webhooks/twilio?verification=vf_1';
      const response = await create({
        To: '+15551240001',
        From: '+15557654321',
        Body: 'Your Tessera code is 246810',
        StatusCallback: receiverUrl + path,
      });
      expect(response.status).toBe(201);
      const message = await json<{ sid: string }>(response);
      expect(message).toMatchObject({
        sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
        status: 'queued',
        to: '+15551240001',
        from: '+15557654321',
        body: 'Your Tessera code is 246810',
        account_sid: ACCOUNT_SID,
        error_code: null,
        date_created: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
      });

      const callbacks = await receiver.waitFor(2, (r) => r.path === path);
      for (const callback of callbacks) {
        expect(callback.headers['content-type']).toContain('application/x-www-form-urlencoded');
        expect(callback.headers['x-twilio-signature']).toBe(expectedSignature(receiverUrl + path, callback.body));
      }
      const params = callbacks.map((c) => Object.fromEntries(new URLSearchParams(c.body)));
      expect(params.map((p) => p.MessageStatus)).toEqual(['sent', 'delivered']);
      expect(params[1]).toMatchObject({
        MessageSid: message.sid,
        To: '+15551240001',
        From: '+15557654321',
        AccountSid: ACCOUNT_SID,
        ApiVersion: '2010-04-01',
      });
      expect(params[1]).not.toHaveProperty('ErrorCode');
    });

    it('reports a number ending in 0003 undelivered with ErrorCode 30003', async () => {
      const path = '/webhooks/twilio-undelivered';
      expect(
        (
          await create({
            To: '+15551240003',
            From: '+15557654321',
            Body: 'code 1357',
            StatusCallback: receiverUrl + path,
          })
        ).status,
      ).toBe(201);
      const [callback] = await receiver.waitFor(1, (r) => r.path === path);
      expect(Object.fromEntries(new URLSearchParams(callback!.body))).toMatchObject({
        MessageStatus: 'undelivered',
        ErrorCode: '30003',
      });
    });

    it('retries a callback the receiver answered with 503', async () => {
      const path = '/webhooks/twilio-busy';
      receiver.failFirst.set(path, 1);
      await create({ To: '+15551240004', From: '+15557654321', Body: 'code 8642', StatusCallback: receiverUrl + path });
      const attempts = await receiver.waitFor(2, (r) => r.path === path);
      expect(attempts[1]!.body).toBe(attempts[0]!.body);
      expect(Object.fromEntries(new URLSearchParams(attempts[1]!.body)).MessageStatus).toBe('sent');
    });

    it('answers Twilio errors: 401/20003 for bad credentials, 400/21211 for a bad or 0008 number', async () => {
      const unauthorized = await create({ To: '+15551240001', From: '+1555', Body: 'x' }, 'wrong');
      expect(unauthorized.status).toBe(401);
      expect(await json(unauthorized)).toMatchObject({ code: 20003, status: 401, more_info: expect.any(String) });
      for (const to of ['banana', '+15551240008']) {
        const invalid = await create({ To: to, From: '+15557654321', Body: 'x' });
        expect(invalid.status).toBe(400);
        expect(await json(invalid)).toMatchObject({ code: 21211, status: 400 });
      }
    });
  });

  describe('SMTP', () => {
    const transport = (): nodemailer.Transporter =>
      nodemailer.createTransport({
        host: '127.0.0.1',
        port: sandbox.smtpPort,
        secure: false,
        ignoreTLS: true,
        auth: { user: 'any', pass: 'thing' },
      });

    it('keeps a multipart mail and serves it from the JSON API', async () => {
      const since = new Date().toISOString();
      const info = await transport().sendMail({
        from: 'Tessera <no-reply@tessera.test>',
        to: 'ada@example.test',
        subject: 'Votre code ✓',
        text: 'Votre code est 975310. Il expire dans 5 minutes.',
        html: '<p>Votre code est <strong>975310</strong>. Il expire dans 5 minutes.</p>',
      });
      expect(info.accepted).toEqual(['ada@example.test']);

      const response = await fetch(
        `${sandbox.httpUrl}/api/messages?channel=email&to=ada@example.test&since=${encodeURIComponent(since)}`,
      );
      const { messages } = await json<{ messages: InboxMessage[] }>(response);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({
        channel: 'email',
        provider: 'smtp',
        to: 'ada@example.test',
        from: 'Tessera <no-reply@tessera.test>',
        subject: 'Votre code ✓',
        text: 'Votre code est 975310. Il expire dans 5 minutes.',
        html: '<p>Votre code est <strong>975310</strong>. Il expire dans 5 minutes.</p>',
        code: '975310',
        providerMessageId: info.messageId,
        outcome: 'accepted',
      });
      const single = await json<InboxMessage>(await fetch(`${sandbox.httpUrl}/api/messages/${messages[0]!.id}`));
      expect(single.id).toBe(messages[0]!.id);
    });

    it('rejects fail… with 550 and answers flaky… 451 twice before accepting', async () => {
      await expect(
        transport().sendMail({ from: 'a@tessera.test', to: 'fail@example.test', text: 'x' }),
      ).rejects.toMatchObject({ responseCode: 550 });
      const flaky = (): Promise<unknown> =>
        transport().sendMail({ from: 'a@tessera.test', to: 'flaky@example.test', text: 'code 4321' });
      await expect(flaky()).rejects.toMatchObject({ responseCode: 451 });
      await expect(flaky()).rejects.toMatchObject({ responseCode: 451 });
      await expect(flaky()).resolves.toMatchObject({ accepted: ['flaky@example.test'] });
      expect(sandbox.inbox.list({ to: 'fail@example.test' })[0]).toMatchObject({
        outcome: 'rejected',
        error: { code: 550 },
      });
    });
  });

  describe('SMPP', () => {
    const sessions: SmppSession[] = [];
    const connect = async (): Promise<SmppSession> => {
      const session = smpp.connect({ host: '127.0.0.1', port: sandbox.smppPort });
      session.on('error', () => undefined);
      sessions.push(session);
      await new Promise<void>((resolve) => session.once('connect', () => resolve()));
      return session;
    };
    const call = (
      session: SmppSession,
      command: 'bind_transceiver' | 'submit_sm' | 'enquire_link',
      options: Record<string, unknown>,
    ): Promise<SmppPdu> => new Promise((resolve) => session[command](options, resolve));
    const nextReceipt = (session: SmppSession): Promise<SmppPdu> =>
      new Promise((resolve) =>
        session.once('deliver_sm', (pdu: SmppPdu) => {
          session.send(pdu.response());
          resolve(pdu);
        }),
      );
    const receiptText = (pdu: SmppPdu): string => (pdu.short_message as { message: string }).message;
    const bound = async (): Promise<SmppSession> => {
      const session = await connect();
      expect(
        (await call(session, 'bind_transceiver', { system_id: 'tessera', password: 'secret' })).command_status,
      ).toBe(0);
      return session;
    };

    afterAll(() => sessions.forEach((s) => s.destroy()));

    it('refuses a bind with the wrong password with ESME_RBINDFAIL', async () => {
      const session = await connect();
      const response = await call(session, 'bind_transceiver', { system_id: 'tessera', password: 'wrong' });
      expect(response.command_status).toBe(smpp.errors.ESME_RBINDFAIL);
    });

    it('takes a UCS-2 submit_sm and sends a DELIVRD receipt with its TLVs', async () => {
      const session = await bound();
      expect((await call(session, 'enquire_link', {})).command_status).toBe(0);
      const receipt = nextReceipt(session);
      const response = await call(session, 'submit_sm', {
        source_addr: 'Tessera',
        destination_addr: '15551250001',
        registered_delivery: 1,
        data_coding: 8,
        short_message: 'Ваш код: 731905',
      });
      expect(response.command_status).toBe(0);
      const messageId = String(response.message_id);
      expect(messageId).toMatch(/^[0-9a-f]{16}$/);

      const deliver = await receipt;
      expect(deliver.esm_class).toBe(0x04);
      expect(deliver.receipted_message_id).toBe(messageId);
      expect(deliver.message_state).toBe(2);
      expect(deliver.destination_addr).toBe('Tessera');
      expect(receiptText(deliver)).toMatch(
        new RegExp(
          `^id:${messageId} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:`,
        ),
      );
      expect(sandbox.inbox.list({ to: '15551250001' })[0]).toMatchObject({
        provider: 'smpp',
        text: 'Ваш код: 731905',
        code: '731905',
      });
    });

    it('takes a GSM submit_sm and reports a 0003 number UNDELIV with err 003', async () => {
      const session = await bound();
      const receipt = nextReceipt(session);
      const response = await call(session, 'submit_sm', {
        source_addr: '15557654321',
        destination_addr: '15551250003',
        registered_delivery: 1,
        data_coding: 0,
        short_message: 'Your code is 864209 @ Tessera',
      });
      expect(response.command_status).toBe(0);
      const deliver = await receipt;
      expect(receiptText(deliver)).toContain(`id:${String(response.message_id)} `);
      expect(receiptText(deliver)).toContain('stat:UNDELIV err:003');
      expect(deliver.message_state).toBe(5);
      expect(sandbox.inbox.list({ to: '15551250003' })[0]).toMatchObject({
        text: 'Your code is 864209 @ Tessera',
        code: '864209',
      });
    });

    it('answers ESME_RSYSERR twice to a 0005 number, then accepts it; ESME_RINVDSTADR to 0008', async () => {
      const session = await bound();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await call(session, 'submit_sm', { destination_addr: '15551250005', short_message: 'code 1234' }))
            .command_status,
        );
      expect(statuses).toEqual([smpp.errors.ESME_RSYSERR, smpp.errors.ESME_RSYSERR, 0]);
      expect(
        (await call(session, 'submit_sm', { destination_addr: '15551250008', short_message: 'x' })).command_status,
      ).toBe(smpp.errors.ESME_RINVDSTADR);
    });

    it('keeps the receipt of a dropped ESME until it binds again', async () => {
      const first = await bound();
      const closed = new Promise<void>((resolve) => first.once('close', () => resolve()));
      const response = await call(first, 'submit_sm', {
        destination_addr: '15551250019',
        registered_delivery: 1,
        short_message: 'Your code is 192837',
      });
      sandbox.smpp.dropConnections();
      await closed;

      const second = await connect();
      const receipt = nextReceipt(second);
      await call(second, 'bind_transceiver', { system_id: 'tessera', password: 'secret' });
      expect((await receipt).receipted_message_id).toBe(response.message_id);
    });

    it('drops every connection on demand, which the client sees as a close', async () => {
      const session = await bound();
      const closed = new Promise<void>((resolve) => session.once('close', () => resolve()));
      expect(sandbox.smpp.dropConnections()).toBeGreaterThanOrEqual(1);
      await closed;
      expect(sandbox.smpp.connectionCount).toBe(0);

      const again = await bound();
      const closedAgain = new Promise<void>((resolve) => again.once('close', () => resolve()));
      const response = await fetch(`${sandbox.httpUrl}/api/smpp/drop`, { method: 'POST' });
      expect(await json(response)).toEqual({ dropped: 1 });
      await closedAgain;
    });
  });

  describe('inbox', () => {
    it('serves an HTML page that escapes what it shows', async () => {
      await fetch(`${sandbox.httpUrl}/whatsapp/v21.0/1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WHATSAPP_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          to: '15551260001',
          type: 'text',
          text: { body: '<script>alert(1)</script> 4455' },
        }),
      });
      const page = await (await fetch(`${sandbox.httpUrl}/inbox`)).text();
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 4455');
      expect(page).not.toContain('<script>alert(1)</script>');
    });

    it('empties on DELETE /api/messages', async () => {
      expect((await fetch(`${sandbox.httpUrl}/api/messages`, { method: 'DELETE' })).status).toBe(204);
      expect(await json(await fetch(`${sandbox.httpUrl}/api/messages`))).toEqual({ messages: [] });
    });
  });
});

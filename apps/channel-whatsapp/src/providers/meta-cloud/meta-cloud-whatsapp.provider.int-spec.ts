import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PermanentProviderError,
  RetryableProviderError,
  UnconfirmedSendError,
  type OutboundMessage,
} from '@tessera/channel-kit';
import { startSandbox, type RunningSandbox } from '../../../../sandbox/src/sandbox';
import { MetaCloudWhatsappProvider, type MetaCloudSettings } from './meta-cloud-whatsapp.provider';

const TOKEN = 'test-whatsapp-token';
const PHONE_NUMBER_ID = '100000000000001';

const outbound = (to: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  ref: { tenantId: 'acme', verificationId: `vf_${'0'.repeat(31)}1`, attempt: 1, requestedAt: new Date() },
  to,
  code: '482913',
  text: '482913 is your Tessera verification code.',
  locale: 'en',
  brand: 'Tessera',
  whatsappTemplate: 'tessera_auth',
  ttlSeconds: 300,
  ...overrides,
});

/** What a send threw (the assertions check its class and fields). */
async function failureOf(promise: Promise<unknown>): Promise<RetryableProviderError | PermanentProviderError> {
  try {
    await promise;
  } catch (error) {
    return error as RetryableProviderError | PermanentProviderError;
  }
  throw new Error('the send succeeded');
}

describe('MetaCloudWhatsappProvider against the sandbox', () => {
  let sandbox: RunningSandbox;
  let provider: MetaCloudWhatsappProvider;
  const settings = (overrides: Partial<MetaCloudSettings> = {}): MetaCloudSettings => ({
    graphBaseUrl: `${sandbox.httpUrl}/whatsapp`,
    apiVersion: 'v21.0',
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: TOKEN,
    timeoutMs: 5000,
    ...overrides,
  });

  beforeAll(async () => {
    sandbox = await startSandbox({
      httpPort: 0,
      smtpPort: 0,
      smppPort: 0,
      callbackDelayMs: 10,
      slowDelayMs: 50,
      whatsapp: { token: TOKEN },
      logger: false,
    });
    provider = new MetaCloudWhatsappProvider(settings());
  });

  afterAll(() => sandbox.close());

  it('delivers an authentication template with the code as the body and the copy-code button parameter', async () => {
    const receipt = await provider.send(outbound('+15551110001', { locale: 'pt-BR' }));
    expect(receipt).toEqual({ providerMessageId: expect.stringMatching(/^wamid\./), status: 'sent' });
    const received = await sandbox.inbox.waitFor((m) => m.providerMessageId === receipt.providerMessageId);
    expect(received).toMatchObject({ channel: 'whatsapp', to: '+15551110001', code: '482913', outcome: 'accepted' });
    expect(received.raw).toMatchObject({
      messaging_product: 'whatsapp',
      to: '+15551110001',
      type: 'template',
      template: {
        name: 'tessera_auth',
        language: { code: 'pt_BR' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
    });
    const callbackData = JSON.parse((received.raw as { biz_opaque_callback_data: string }).biz_opaque_callback_data);
    expect(callbackData).toMatchObject({ v: 2, tnt: 'acme', att: '1', ttlSeconds: 300 });
  });

  it('turns the 0008 fate (400, Meta 131030) into a permanent error with the vendor code', async () => {
    const error = await failureOf(provider.send(outbound('+15551110008')));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe('131030');
    expect(error.message).toContain('Recipient phone number not in allowed list');
  });

  it('retries the 0005 fate: 500 twice, then accepted', async () => {
    const to = '+15551120005';
    const first = await failureOf(provider.send(outbound(to)));
    const second = await failureOf(provider.send(outbound(to)));
    expect([first, second].map((e) => [e.constructor, e.vendorCode])).toEqual([
      [RetryableProviderError, '131000'],
      [RetryableProviderError, '131000'],
    ]);
    await expect(provider.send(outbound(to))).resolves.toMatchObject({ status: 'sent' });
  });

  it('leaves a send unconfirmed, never retried, when Meta takes it and hangs up before answering (0009)', async () => {
    const to = '+15551110009';
    const error = await failureOf(provider.send(outbound(to)));
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error.vendorCode).toBe('network');
    expect(sandbox.inbox.list({ to }).map((m) => m.outcome)).toEqual(['accepted']);
  });

  it('keeps the 0007 fate (always 500) retryable', async () => {
    for (let i = 0; i < 3; i++) {
      const error = await failureOf(provider.send(outbound('+15551110007')));
      expect(error).toBeInstanceOf(RetryableProviderError);
      expect(error.vendorCode).toBe('131000');
    }
  });

  it('gives up the channel on a bad access token (401, Meta 190)', async () => {
    const error = await failureOf(
      new MetaCloudWhatsappProvider(settings({ accessToken: 'wrong' })).send(outbound('+15551110001')),
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe('190');
  });

  it('refuses a message without a WhatsApp template before calling Meta', async () => {
    const before = sandbox.inbox.list({ to: '+15551130001' }).length;
    const error = await failureOf(provider.send(outbound('+15551130001', { whatsappTemplate: undefined })));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe('template_not_configured');
    expect(sandbox.inbox.list({ to: '+15551130001' })).toHaveLength(before);
  });
});

describe('MetaCloudWhatsappProvider transport failures', () => {
  let server: Server;
  let baseUrl: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const provider = (timeoutMs = 2000, graphBaseUrl = baseUrl) =>
    new MetaCloudWhatsappProvider({
      graphBaseUrl,
      apiVersion: 'v21.0',
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: TOKEN,
      timeoutMs,
    });

  it('posts to {graphBase}/{version}/{phoneNumberId}/messages with the bearer token', async () => {
    let seen: { url?: string; authorization?: string; contentType?: string } = {};
    handler = (req, res) => {
      seen = { url: req.url, authorization: req.headers.authorization, contentType: req.headers['content-type'] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: [{ id: 'wamid.x' }] }));
    };
    await expect(provider().send(outbound('+15550000001'))).resolves.toEqual({
      providerMessageId: 'wamid.x',
      status: 'sent',
    });
    expect(seen).toEqual({
      url: `/v21.0/${PHONE_NUMBER_ID}/messages`,
      authorization: `Bearer ${TOKEN}`,
      contentType: 'application/json',
    });
  });

  it('respects Retry-After on 429 (Meta 130429)', async () => {
    handler = (_req, res) =>
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' })
        .end(JSON.stringify({ error: { message: '(#130429) Rate limit hit', code: 130429 } }));
    const error = await failureOf(provider().send(outbound('+15550000001')));
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error.vendorCode).toBe('130429');
    expect((error as RetryableProviderError).retryAfterMs).toBe(3000);
  });

  it('reports a timeout as an unconfirmed send, never retried (Meta may have the message)', async () => {
    handler = () => undefined; // never answers
    const error = await failureOf(provider(200).send(outbound('+15550000001')));
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error.vendorCode).toBe('timeout');
  });

  it('leaves a send unconfirmed, never retried, when the connection breaks after Meta read it', async () => {
    let received = 0;
    handler = (req) => {
      req.resume();
      req.on('end', () => {
        received++;
        req.socket.destroy();
      });
    };
    const error = await failureOf(provider().send(outbound('+15550000001')));
    expect(received).toBe(1);
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error.vendorCode).toBe('network');
  });

  it('makes a refused connection retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(provider(2000, `http://127.0.0.1:${port}`).send(outbound('+15550000001')));
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error.vendorCode).toBe('network');
  });

  it('never puts the code or the full phone number in an error message', async () => {
    handler = (_req, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: '(#100) Invalid parameter',
            code: 100,
            error_data: { details: 'Parameter 482913 invalid for +15550000001 (15550000001)' },
          },
        }),
      );
    const error = await failureOf(provider().send(outbound('+15550000001')));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe('100');
    expect(error.message).not.toMatch(/482913|15550000001/);
    expect(error.message).toContain('[code]');
  });

  it('does not retry a 200 without a message id (it may have been sent)', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"messages":[]}');
    const error = await failureOf(provider().send(outbound('+15550000001')));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error.vendorCode).toBe('meta_bad_response');
  });
});

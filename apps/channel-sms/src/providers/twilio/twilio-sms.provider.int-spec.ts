import {
  PermanentProviderError,
  RetryableProviderError,
  UnconfirmedSendError,
  type OutboundMessage,
} from '@tessera/channel-kit';
import { startSandbox, type RunningSandbox } from '../../../../sandbox/src/sandbox';
import { TwilioSmsProvider, type TwilioSmsSettings } from './twilio-sms.provider';

const ACCOUNT_SID = 'ACsandbox0000000000000000000000000';
const AUTH_TOKEN = 'test-twilio-token';
const CALLBACK_URL = 'http://127.0.0.1:9/webhooks/twilio';

const message = (to: string, code = '482913'): OutboundMessage => ({
  ref: { tenantId: 'acme', verificationId: 'v-1', attempt: 1, requestedAt: new Date(1767225600000) },
  to,
  code,
  text: `Your Acme code is ${code}`,
  locale: 'en',
  brand: 'Acme',
  ttlSeconds: 300,
});

const failureOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => error,
  );

describe('TwilioSmsProvider against the sandbox', () => {
  let sandbox: RunningSandbox;
  let settings: TwilioSmsSettings;

  beforeAll(async () => {
    sandbox = await startSandbox({
      httpPort: 0,
      smtpPort: 0,
      smppPort: 0,
      callbackDelayMs: 10,
      slowDelayMs: 1000,
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      logger: false,
    });
    settings = {
      baseUrl: `${sandbox.httpUrl}/twilio`,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+15005550006',
      statusCallbackUrl: CALLBACK_URL,
      timeoutMs: 5000,
    };
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('sends the code: the message lands in the inbox with From, ValidityPeriod and a StatusCallback carrying the attempt', async () => {
    const receipt = await new TwilioSmsProvider(settings).send(message('+15551000001', '482913'));
    expect(receipt).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'sent' });
    const received = await sandbox.inbox.waitFor((m) => m.providerMessageId === receipt.providerMessageId);
    expect(received).toMatchObject({
      channel: 'sms',
      provider: 'twilio',
      to: '+15551000001',
      from: '+15005550006',
      code: '482913',
      outcome: 'accepted',
      raw: { StatusCallback: `${CALLBACK_URL}?tnt=acme&vid=v-1&att=1&req=1767225600000`, ValidityPeriod: '300' },
    });
  });

  it('sends through a Messaging Service instead of a From number', async () => {
    const provider = new TwilioSmsProvider({
      ...settings,
      from: undefined,
      messagingServiceSid: `MG${'ab'.repeat(16)}`,
    });
    const receipt = await provider.send(message('+15551000011'));
    const received = await sandbox.inbox.waitFor((m) => m.providerMessageId === receipt.providerMessageId);
    expect(received.raw).toMatchObject({ MessagingServiceSid: `MG${'ab'.repeat(16)}` });
    expect(received.raw).not.toHaveProperty('From');
  });

  it('fails …0008 permanently with Twilio’s 21211, without the full number in the message', async () => {
    const error = await failureOf(new TwilioSmsProvider(settings).send(message('+15551000008')));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error).toMatchObject({ vendorCode: '21211' });
    expect((error as Error).message).not.toContain('15551000008');
  });

  it('retries …0005: 500 twice (retryable 20500), then accepted', async () => {
    const provider = new TwilioSmsProvider(settings);
    for (let i = 0; i < 2; i++) {
      const error = await failureOf(provider.send(message('+15551000005')));
      expect(error).toBeInstanceOf(RetryableProviderError);
      expect(error).toMatchObject({ vendorCode: '20500' });
    }
    await expect(provider.send(message('+15551000005'))).resolves.toMatchObject({ status: 'sent' });
  });

  it('leaves a send unconfirmed, never retried, when Twilio takes it and hangs up before answering (…0009)', async () => {
    const to = '+15551000009';
    const error = await failureOf(new TwilioSmsProvider(settings).send(message(to)));
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error).toMatchObject({ vendorCode: 'twilio_network' });
    expect(sandbox.inbox.list({ to }).map((m) => m.outcome)).toEqual(['accepted']);
  });

  it('keeps …0007 retryable on every try', async () => {
    const provider = new TwilioSmsProvider(settings);
    for (let i = 0; i < 3; i++) {
      await expect(provider.send(message('+15551000007'))).rejects.toEqual(expect.any(RetryableProviderError));
    }
  });

  it('fails permanently with 20003 when the credentials are wrong', async () => {
    const error = await failureOf(
      new TwilioSmsProvider({ ...settings, authToken: 'wrong' }).send(message('+15551000021')),
    );
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error).toMatchObject({ vendorCode: '20003' });
  });

  it('reports a Twilio that does not answer in time as an unconfirmed send, never retried (it may have the message)', async () => {
    const error = await failureOf(new TwilioSmsProvider({ ...settings, timeoutMs: 200 }).send(message('+15551000006')));
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error).toMatchObject({ vendorCode: 'twilio_timeout' });
  });

  it('retries a Twilio that cannot be reached', async () => {
    const error = await failureOf(
      new TwilioSmsProvider({ ...settings, baseUrl: 'http://127.0.0.1:9/twilio' }).send(message('+15551000031')),
    );
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error).toMatchObject({ vendorCode: 'twilio_network' });
  });
});

import { Logger } from '@nestjs/common';
import {
  PermanentProviderError,
  RetryableProviderError,
  UnconfirmedSendError,
  type OutboundMessage,
  type ProviderStatusReport,
  type ReceiptOutcome,
} from '@tessera/channel-kit';
import { startSandbox, type RunningSandbox } from '../../../../sandbox/src/sandbox';
import { SmppConnection, type SmppConnectionSettings } from './smpp-connection';
import { SmppReceiptListener } from './smpp-receipt.listener';
import { SmppSmsProvider } from './smpp-sms.provider';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Stands in for ReceiptRecorder: keeps every report and answers (or throws) what the test scripted. */
class FakeReceiptSink {
  readonly reports: ProviderStatusReport[] = [];
  answer: (report: ProviderStatusReport) => ReceiptOutcome = () => 'recorded';
  private wakers: Array<() => void> = [];

  async record(report: ProviderStatusReport): Promise<ReceiptOutcome> {
    this.reports.push(report);
    this.wakers.forEach((wake) => wake());
    return this.answer(report);
  }

  waitFor(match: (report: ProviderStatusReport) => boolean, timeoutMs = 10_000): Promise<ProviderStatusReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching receipt')), timeoutMs);
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

const message = (to: string, text = 'Your Acme code is 482913'): OutboundMessage => ({
  ref: { tenantId: 'acme', verificationId: 'v-1', attempt: 1, requestedAt: new Date() },
  to,
  code: '482913',
  text,
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

const until = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('SMPP provider against the sandbox SMSC', () => {
  const sink = new FakeReceiptSink();
  let sandbox: RunningSandbox;
  let settings: SmppConnectionSettings;
  let connection: SmppConnection;
  let provider: SmppSmsProvider;
  const extraConnections: SmppConnection[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    sandbox = await startSandbox({ httpPort: 0, smtpPort: 0, smppPort: 0, callbackDelayMs: 10, logger: false });
    settings = {
      host: '127.0.0.1',
      port: sandbox.smppPort,
      systemId: 'tessera',
      password: 'secret',
      enquireLinkMs: 30000,
      bindWaitMs: 5000,
      responseTimeoutMs: 5000,
      reconnectBaseMs: 50,
      reconnectMaxMs: 500,
    };
    connection = new SmppConnection(settings, silent);
    new SmppReceiptListener(connection, sink);
    await connection.onModuleInit();
    provider = new SmppSmsProvider(connection, { sourceAddr: 'Tessera' });
  });

  afterAll(async () => {
    await Promise.all(extraConnections.map((c) => c.stop()));
    await connection?.stop();
    await sandbox?.close();
  });

  beforeEach(() => {
    sink.answer = () => 'recorded';
  });

  it('binds as a transceiver on module init', () => {
    expect(connection.isBound).toBe(true);
    expect(sandbox.smpp.connectionCount).toBe(1);
  });

  it('submits GSM-7 text (data_coding 0) with a receipt requested, and records the DELIVRD receipt', async () => {
    const { providerMessageId } = await provider.send(message('+15553000001'));
    const received = await sandbox.inbox.waitFor((m) => m.providerMessageId === providerMessageId);
    expect(received).toMatchObject({
      provider: 'smpp',
      to: '15553000001',
      from: 'Tessera',
      text: 'Your Acme code is 482913',
      code: '482913',
      raw: { data_coding: 0, registered_delivery: 1, dest_addr_ton: 1, dest_addr_npi: 1, source_addr_ton: 5 },
    });
    await expect(
      sink.waitFor((r) => r.providerMessageId === providerMessageId && r.status === 'delivered'),
    ).resolves.toMatchObject({ errorCode: null, permanent: false });
    const acknowledged = await sandbox.inbox.waitFor(
      (m) => m.providerMessageId === providerMessageId && m.callbacks.length > 0,
    );
    expect(acknowledged.callbacks[0]).toMatchObject({ status: 'delivered', ok: true });
  });

  it('submits UCS-2 text (data_coding 8) when it is outside the GSM alphabet', async () => {
    const { providerMessageId } = await provider.send(message('+15553000011', 'Ваш код Acme: 482913'));
    const received = await sandbox.inbox.waitFor((m) => m.providerMessageId === providerMessageId);
    expect(received).toMatchObject({ text: 'Ваш код Acme: 482913', code: '482913', raw: { data_coding: 8 } });
  });

  it('submits a text longer than one segment whole, in message_payload', async () => {
    const text = `Your Acme code is 482913. ${'Do not share it with anyone. '.repeat(8)}`.trim();
    const { providerMessageId } = await provider.send(message('+15553000021', text));
    const received = await sandbox.inbox.waitFor((m) => m.providerMessageId === providerMessageId);
    expect(received.text).toBe(text);
    expect(received.raw).toHaveProperty('message_payload');
  });

  it('fails …0008 permanently with ESME_RINVDSTADR', async () => {
    const error = await failureOf(provider.send(message('+15553000008')));
    expect(error).toBeInstanceOf(PermanentProviderError);
    expect(error).toMatchObject({ vendorCode: 'ESME_RINVDSTADR' });
  });

  it('leaves a submit_sm the SMSC takes and hangs up on (…0009) unconfirmed, sent once', async () => {
    const error = await failureOf(provider.send(message('+15553000009')));
    expect(error).toBeInstanceOf(UnconfirmedSendError);
    expect(error).toMatchObject({ vendorCode: 'smpp_closed' });
    await until(() => connection.isBound);
    expect(sandbox.inbox.list({ to: '15553000009' }).map((m) => m.outcome)).toEqual(['accepted']);
  });

  it('retries …0005: ESME_RSYSERR twice, then accepted', async () => {
    for (let i = 0; i < 2; i++) {
      const error = await failureOf(provider.send(message('+15553000005')));
      expect(error).toBeInstanceOf(RetryableProviderError);
      expect(error).toMatchObject({ vendorCode: 'ESME_RSYSERR' });
    }
    await expect(provider.send(message('+15553000005'))).resolves.toMatchObject({ status: 'sent' });
  });

  it('records …0003’s UNDELIV receipt as a permanent failure', async () => {
    const { providerMessageId } = await provider.send(message('+15553000003'));
    await expect(sink.waitFor((r) => r.providerMessageId === providerMessageId)).resolves.toMatchObject({
      status: 'failed',
      errorCode: 'UNDELIV:003',
      permanent: true,
    });
  });

  it('answers a receipt it could not record with ESME_RX_T_APPN, so the SMSC keeps it', async () => {
    sink.answer = () => {
      throw new Error('database down');
    };
    const { providerMessageId } = await provider.send(message('+15553000031'));
    const refused = await sandbox.inbox.waitFor(
      (m) => m.providerMessageId === providerMessageId && m.callbacks.length > 0,
    );
    expect(refused.callbacks[0]).toMatchObject({ ok: false });
  });

  it('reconnects after the SMSC drops the connection; a send issued meanwhile waits and succeeds', async () => {
    // Issued at once, before this side has seen the drop: written to the old session, which closes unanswered.
    // The SMSC may have it, so it is never sent again: the send is unconfirmed (here the SMSC had not read it).
    expect(sandbox.smpp.dropConnections()).toBeGreaterThanOrEqual(1);
    const lost = await provider.send(message('+15553000041')).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(UnconfirmedSendError);
    expect(lost).toMatchObject({ vendorCode: 'smpp_closed' });
    // Issued while this side knows it is disconnected: it waits for the reconnect.
    await until(() => connection.isBound);
    expect(sandbox.smpp.dropConnections()).toBeGreaterThanOrEqual(1);
    await until(() => !connection.isBound);
    const second = await provider.send(message('+15553000042'));
    expect(connection.isBound).toBe(true);
    await expect(
      sink.waitFor((r) => r.providerMessageId === second.providerMessageId && r.status === 'delivered'),
    ).resolves.toBeDefined();
    expect(sandbox.inbox.list({ to: '15553000042' }).map((m) => m.providerMessageId)).toEqual([
      second.providerMessageId,
    ]);
    expect(sandbox.inbox.list({ to: '15553000041' })).toEqual([]);
  });

  it('fails a send as retryable when no bind comes within SMPP_BIND_WAIT_MS', async () => {
    const nowhere = new SmppConnection({ ...settings, port: 9, bindWaitMs: 300 }, silent);
    extraConnections.push(nowhere);
    nowhere.start();
    const error = await failureOf(
      new SmppSmsProvider(nowhere, { sourceAddr: 'Tessera' }).send(message('+15553000051')),
    );
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error).toMatchObject({ vendorCode: 'smpp_not_bound' });
  });

  it('stays unbound with a wrong password', async () => {
    const refused = new SmppConnection({ ...settings, password: 'wrong' }, silent);
    extraConnections.push(refused);
    refused.start();
    await expect(refused.waitForBind(500)).rejects.toMatchObject({ reason: 'not_bound' });
    expect(refused.isBound).toBe(false);
  });

  it('unbinds and closes on shutdown', async () => {
    const second = new SmppConnection(settings, silent);
    await second.onModuleInit();
    expect(second.isBound).toBe(true);
    const before = sandbox.smpp.connectionCount;
    await second.onApplicationShutdown();
    expect(second.currentState).toBe('stopped');
    await until(() => sandbox.smpp.connectionCount === before - 1);
    await expect(second.waitForBind(10)).rejects.toMatchObject({ reason: 'stopped' });
  });
});

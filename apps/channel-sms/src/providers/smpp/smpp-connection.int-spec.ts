import type { AddressInfo } from 'node:net';
import { smpp as smppServer, type SmppServer, type SmppSession } from '../../../../sandbox/src/smpp/smpp-package';
import { SmppConnection } from './smpp-connection';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A bare SMSC for what the sandbox never does: it counts binds, enquire_links and submit_sm, may leave
 * enquire_links unanswered, and may take a submit_sm and close the session without answering it.
 */
class ScriptedSmsc {
  binds = 0;
  enquireLinks = 0;
  submits = 0;
  answerEnquireLink = true;
  closeOnSubmit = false;
  private server?: SmppServer;
  private readonly sessions = new Set<SmppSession>();

  async listen(): Promise<number> {
    const server = smppServer.createServer({}, (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => undefined);
      session.on('bind_transceiver', (pdu) => {
        this.binds++;
        session.send(pdu.response());
      });
      session.on('enquire_link', (pdu) => {
        this.enquireLinks++;
        if (this.answerEnquireLink) session.send(pdu.response());
      });
      session.on('submit_sm', (pdu) => {
        this.submits++;
        if (this.closeOnSubmit) session.destroy();
        else session.send(pdu.response({ message_id: `m${this.submits}` }));
      });
      session.on('unbind', (pdu) => session.send(pdu.response(), () => session.close()));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.sessions.forEach((session) => session.destroy());
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

const until = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('SmppConnection keep-alive', () => {
  const smsc = new ScriptedSmsc();
  let port: number;
  let connection: SmppConnection | undefined;

  beforeAll(async () => {
    port = await smsc.listen();
  });

  afterEach(async () => {
    await connection?.stop();
  });

  afterAll(async () => {
    await smsc.close();
  });

  const connect = async (): Promise<SmppConnection> => {
    connection = new SmppConnection(
      {
        host: '127.0.0.1',
        port,
        systemId: 'tessera',
        password: 'secret',
        enquireLinkMs: 50,
        bindWaitMs: 2000,
        responseTimeoutMs: 150,
        reconnectBaseMs: 20,
        reconnectMaxMs: 100,
      },
      silent,
    );
    await connection.onModuleInit();
    return connection;
  };

  it('sends enquire_link every SMPP_ENQUIRE_LINK_MS and stays bound while they are answered', async () => {
    smsc.answerEnquireLink = true;
    const before = { binds: smsc.binds, links: smsc.enquireLinks };
    const bound = await connect();
    await until(() => smsc.enquireLinks - before.links >= 4);
    expect(bound.isBound).toBe(true);
    expect(smsc.binds - before.binds).toBe(1);
  });

  it('drops a link whose enquire_link goes unanswered and binds again', async () => {
    smsc.answerEnquireLink = false;
    const before = smsc.binds;
    const bound = await connect();
    await until(() => smsc.binds - before >= 2);
    smsc.answerEnquireLink = true;
    await until(() => bound.isBound);
  });

  it('never sends a submit_sm again once it was written: a session closed before its answer rejects as closed', async () => {
    smsc.answerEnquireLink = true;
    smsc.closeOnSubmit = true;
    const before = { binds: smsc.binds, submits: smsc.submits };
    try {
      const bound = await connect();
      const error = await bound
        .submit({ destination_addr: '15005550006', short_message: 'x' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SmppUnavailableError', reason: 'closed' });
      await until(() => smsc.binds - before.binds >= 2 && bound.isBound);
      expect(smsc.submits - before.submits).toBe(1);
    } finally {
      smsc.closeOnSubmit = false;
    }
  });
});

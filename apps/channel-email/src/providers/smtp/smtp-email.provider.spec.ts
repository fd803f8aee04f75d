import { createServer, type Socket } from 'node:net';
import { RetryableProviderError, UnconfirmedSendError, type OutboundMessage } from '@tessera/channel-kit';
import { SmtpEmailProvider } from './smtp-email.provider';

type Behaviour = 'accept' | 'silent-after-data' | 'drop-after-data';

/**
 * A minimal SMTP server on loopback: it answers EHLO, MAIL, RCPT and DATA, and then accepts, goes silent, or
 * closes the connection without answering.
 */
async function smtpServer(
  behaviour: Behaviour,
): Promise<{ stop: () => Promise<void>; port: number; messages: string[] }> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let data: string | null = null;
    let buffer = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(data + buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = null;
          if (behaviour === 'accept') socket.write('250 2.0.0 queued\r\n');
          if (behaviour === 'drop-after-data') socket.destroy();
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-test\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const stop = () =>
    new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    });
  return { stop, port, messages };
}

const message: OutboundMessage = {
  to: 'someone@example.com',
  text: 'Your code is 123456',
  brand: 'Acme',
  ttlSeconds: 300,
  ref: { tenantId: 'acme', verificationId: 'vf_0123456789abcdef0123456789abcdef', attempt: 1 },
} as unknown as OutboundMessage;

function providerFor(port: number) {
  return new SmtpEmailProvider({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTls: false,
    rejectUnauthorized: false,
    from: 'codes@tessera.local',
    socketTimeoutMs: 300,
  });
}

describe('SmtpEmailProvider against a real SMTP exchange', () => {
  it('reports a message the server accepted as sent, with its message id', async () => {
    const { stop, port, messages } = await smtpServer('accept');
    const provider = providerFor(port);
    try {
      const receipt = await provider.send(message);
      expect(receipt.status).toBe('sent');
      expect(receipt.providerMessageId).toMatch(/@/);
      expect(messages).toHaveLength(1);
    } finally {
      provider.close();
      await stop();
    }
  });

  it.each([
    ['goes silent', 'silent-after-data', 'smtp_timeout'],
    ['drops the connection', 'drop-after-data', 'smtp_network'],
  ] as const)(
    'takes a server that %s after the message for an unconfirmed send (never retried), not a retryable error',
    async (_what, behaviour, vendorCode) => {
      const { stop, port, messages } = await smtpServer(behaviour);
      const provider = providerFor(port);
      try {
        const error = await provider.send(message).then(
          () => null,
          (e: unknown) => e,
        );
        expect(messages).toHaveLength(1);
        expect(error).toBeInstanceOf(UnconfirmedSendError);
        expect(error).not.toBeInstanceOf(RetryableProviderError);
        expect((error as UnconfirmedSendError).vendorCode).toBe(vendorCode);
      } finally {
        provider.close();
        await stop();
      }
    },
  );

  it('retries a server that cannot be reached (nothing was handed over)', async () => {
    const { stop, port } = await smtpServer('accept');
    await stop();
    const provider = providerFor(port);
    try {
      await expect(provider.send(message)).rejects.toBeInstanceOf(RetryableProviderError);
    } finally {
      provider.close();
    }
  });
});

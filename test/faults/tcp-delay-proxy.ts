import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A tiny TCP proxy in front of the sandbox's provider ports, for the network-level fault: while a delay is set,
 * what the provider answers reaches the caller only after that delay (the request itself goes through at once, so
 * the provider has the message and the caller waits, times out or not, exactly as with a slow provider). When the
 * caller gives up, the provider's side is closed too. With no delay it is a plain pass-through. While the provider
 * is down the proxy stops listening (`refuse`), so a caller's connection is refused as the provider's own would be,
 * instead of being taken and closed (which a caller must read as a request the provider may have taken).
 */
export class TcpDelayProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private delayMs = 0;
  port = 0;

  constructor(
    private readonly upstreamPort: number,
    private readonly host = '127.0.0.1',
  ) {}

  async start(port = 0): Promise<this> {
    const server = createServer((client) => this.pipe(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    return this;
  }

  /** Answers reach callers `ms` after the provider sent them (0: at once). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** Stops taking connections (those open stay open): a connection to the port is refused until `accept`. */
  refuse(): void {
    // close() stops listening at once; its callback would wait for the open connections to end
    if (this.server?.listening) this.server.close();
  }

  /** Takes connections again, on the same port. */
  async accept(): Promise<void> {
    const server = this.server;
    if (!server || server.listening) return;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.upstreamPort, this.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.setNoDelay(true);
    }
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', () => {
      // what the provider already answered still reaches the caller, after the delay
      const delay = this.delayMs;
      if (delay > 0) setTimeout(closeBoth, delay).unref();
      else client.end();
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const delay = this.delayMs;
      if (delay <= 0) {
        client.write(chunk);
        return;
      }
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, delay).unref();
    });
  }
}

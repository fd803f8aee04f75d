import Fastify from 'fastify';
import { Agent, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeConnectionsOnShutdown } from './close-connections-on-shutdown';

function fetchOn(agent: Agent, port: number, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response));
    }).on('error', reject);
  });
}

describe('closeConnectionsOnShutdown', () => {
  it('answers a request that was in flight when the close began with Connection: close, so the close ends', async () => {
    const fastify = Fastify();
    closeConnectionsOnShutdown(fastify);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    fastify.get('/fast', async () => ({ ok: true }));
    fastify.get('/slow', async () => {
      arrived();
      await released;
      return { ok: true };
    });
    let closeBegan!: () => void;
    const closing = new Promise<void>((resolve) => (closeBegan = resolve));
    fastify.addHook('preClose', (done) => {
      closeBegan();
      done();
    });
    await fastify.listen({ host: '127.0.0.1', port: 0 });
    const { port } = fastify.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = await fetchOn(agent, port, '/fast');
      expect(before.headers.connection).toBe('keep-alive');

      const slow = fetchOn(agent, port, '/slow');
      await inFlight;
      const closed = fastify.close();
      await closing;
      release();

      expect((await slow).headers.connection).toBe('close');
      // the client keeps its agent (and would reuse an idle connection): the close ends because the server closed it
      await closed;
      expect(fastify.server.listening).toBe(false);
    } finally {
      agent.destroy();
      fastify.server.closeAllConnections();
    }
  });
});

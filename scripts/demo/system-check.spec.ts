import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoError } from './demo-error';
import { checkSystemIsUp } from './system-check';

const listen = (status: number): Promise<{ server: Server; url: string }> =>
  new Promise((resolve) => {
    const server = createServer((_req, res) => res.writeHead(status).end('{}'));
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });

/** A port nothing listens on: bound once, then released. */
async function closedPortUrl(): Promise<string> {
  const { server, url } = await listen(200);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

describe('checkSystemIsUp', () => {
  it('fails naming npm run up when nothing answers', async () => {
    const url = await closedPortUrl();
    const failure = checkSystemIsUp({ gatewayUrl: url, sandboxUrl: url });
    await expect(failure).rejects.toBeInstanceOf(DemoError);
    await expect(failure).rejects.toThrow(`Tessera is not up: nothing answers at ${url}/health/ready (the gateway`);
    await expect(failure).rejects.toMatchObject({ fix: expect.stringContaining('npm run up') });
  });

  it('says which part is not ready when one answers 503', async () => {
    const ready = await listen(200);
    const starting = await listen(503);
    try {
      const failure = checkSystemIsUp({ gatewayUrl: ready.url, sandboxUrl: starting.url });
      await expect(failure).rejects.toThrow(`${starting.url}/health/ready (the sandbox) answers 503`);
      await expect(checkSystemIsUp({ gatewayUrl: ready.url, sandboxUrl: ready.url })).resolves.toBeUndefined();
    } finally {
      ready.server.close();
      starting.server.close();
    }
  });
});

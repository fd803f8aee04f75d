import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postToProvider } from './provider-http';

/** postToProvider against a real HTTP server on loopback. */
describe('postToProvider', () => {
  let server: Server;
  let url: string;
  const received: { method?: string; headers: Record<string, unknown>; body: string }[] = [];
  const stalled: ServerResponse[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ method: req.method, headers: req.headers, body });
        if (req.url === '/json') {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
          res.end(JSON.stringify({ code: 20429 }));
        } else if (req.url === '/text') {
          res.end('not json');
        } else if (req.url === '/drop') {
          req.socket.destroy();
        } else {
          // headers now, the body never: the time allowed covers the body too
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"sid":');
          stalled.push(res);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const res of stalled) res.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the body and headers, and gives back the status, Retry-After and the JSON answer', async () => {
    const answer = await postToProvider(
      `${url}/json`,
      { authorization: 'Bearer t', 'content-type': 'text/plain' },
      'hello',
      2000,
    );
    expect(answer).toEqual({ answered: true, status: 429, retryAfter: '7', json: { code: 20429 } });
    expect(received.at(-1)).toMatchObject({ method: 'POST', body: 'hello', headers: { authorization: 'Bearer t' } });
  });

  it('gives back null for a body that is not JSON', async () => {
    expect(await postToProvider(`${url}/text`, {}, '', 2000)).toEqual({
      answered: true,
      status: 200,
      retryAfter: null,
      json: null,
    });
  });

  it('reports a body that does not come in time as timed out', async () => {
    expect(await postToProvider(`${url}/stall`, {}, '', 300)).toEqual({
      answered: false,
      failure: 'timed_out',
      reason: 'no answer within 300 ms',
    });
  });

  it('reports a connection that breaks after the request arrived as lost: the provider may have it', async () => {
    const before = received.length;
    expect(await postToProvider(`${url}/drop`, {}, 'hello', 2000)).toEqual({
      answered: false,
      failure: 'connection_lost',
      reason: 'UND_ERR_SOCKET',
    });
    expect(received.slice(before)).toMatchObject([{ body: 'hello' }]);
  });

  it('reports a refused connection as not connected (the request never left), naming the error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await postToProvider(`http://127.0.0.1:${port}/`, {}, '', 2000)).toEqual({
      answered: false,
      failure: 'not_connected',
      reason: 'ECONNREFUSED',
    });
  });
});

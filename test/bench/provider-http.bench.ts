import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postToProvider } from '../../libs/channel-kit/src/provider-http';

/**
 * The client-side CPU of one provider send, `fetch` against `postToProvider` (undici's request), on a loopback
 * server answering as Twilio does (201, a small JSON body); prints a markdown table (it does not touch
 * BENCHMARKS.md). The server runs in this process too, so its share is the same in both rows:
 *
 *   node -r ts-node/register/transpile-only test/bench/provider-http.bench.ts
 *
 * BENCH_REQUESTS (3000) sends per client, BENCH_CONCURRENCY (8) at a time, each client measured three times in turn.
 */
const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const body = new URLSearchParams({ To: '+15551230000', Body: '123456 is your Acme code', From: 'Acme' }).toString();
const headers = { authorization: 'Basic dGVzdDp0ZXN0', 'content-type': 'application/x-www-form-urlencoded' };

type Send = (url: string) => Promise<unknown>;

const clients: Record<string, Send> = {
  fetch: async (url) => {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
    return response.json();
  },
  'postToProvider (undici request)': (url) => postToProvider(url, headers, body, 5000),
};

async function cpuPerSend(send: Send, url: string): Promise<number> {
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) await send(url);
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / requests;
}

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/Messages.json`;
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  for (const send of Object.values(clients)) await cpuPerSend(send, url); // warm-up
  for (let round = 0; round < 3; round++) {
    for (const [name, send] of Object.entries(clients)) results[name].push(await cpuPerSend(send, url));
  }
  server.close();
  const rows = Object.entries(results).map(
    ([name, runs]) => `| ${name} | ${runs.map((ms) => ms.toFixed(3)).join(' / ')} ms |`,
  );
  const title = `CPU per send (client and server in one process), ${requests} sends ${concurrency} at a time, three rounds:`;
  process.stdout.write([title, '', '| client | CPU per send |', '| --- | --- |', ...rows, ''].join('\n'));
}

void main();

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { phoneNumber } from '../support/api';
import { ms, percentile, writeSection } from './bench-report';

/**
 * `npm run bench:api`, against the system `npm run up` started: latency of starting a verification, of the code
 * reaching the sandbox's inbox over SMS (request → sent), and of checking it, sequentially and 20 at a time.
 */
const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const SANDBOX = process.env.SANDBOX_URL ?? 'http://127.0.0.1:4000';

function adminToken(): string {
  const env = readFileSync(join(__dirname, '..', '..', '.local', 'secrets.env'), 'utf8');
  return /^ADMIN_TOKEN=(.*)$/m.exec(env)![1];
}

async function json(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function oneVerification(key: string, i: number) {
  const to = phoneNumber(String(1000 + (i % 9000)));
  const t0 = performance.now();
  const created = await json(
    'POST',
    `${GATEWAY}/v1/verifications`,
    { to, channel: 'sms' },
    { authorization: `Bearer ${key}` },
  );
  const createMs = performance.now() - t0;
  if (created.status !== 201) return null;
  let code: string | null = null;
  while (!code) {
    const inbox = await json('GET', `${SANDBOX}/api/messages?to=${encodeURIComponent(to)}&channel=sms`);
    code = inbox.body.messages.find((m: { code: string | null }) => m.code)?.code ?? null;
    if (!code) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const sentMs = performance.now() - t0;
  const t1 = performance.now();
  const checked = await json(
    'POST',
    `${GATEWAY}/v1/verifications/${created.body.id}/check`,
    { code },
    { authorization: `Bearer ${key}` },
  );
  const checkMs = performance.now() - t1;
  if (checked.body.status !== 'approved') return null;
  return { createMs, sentMs, checkMs };
}

async function run(key: string, total: number, concurrency: number) {
  const results: { createMs: number; sentMs: number; checkMs: number }[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const r = await oneVerification(key, next++);
        if (r) results.push(r);
        else failed++;
      }
    }),
  );
  return { results, failed, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const tenant = await json(
    'POST',
    `${GATEWAY}/admin/tenants`,
    {
      id: `bench-${Date.now().toString(36)}`,
      name: 'bench',
      policy: { defaultPlan: ['sms'], requestsPerMinute: 100000, maxSendsPerDestinationPerHour: 100 },
    },
    { 'x-admin-token': adminToken() },
  );
  if (tenant.status !== 201) throw new Error(`tenant: ${JSON.stringify(tenant.body)}`);
  const key = tenant.body.apiKey.key as string;
  await run(key, 10, 2); // warm-up
  const lines = [
    '| run | verified | failed | throughput | create p50 / p95 | request → in inbox p50 / p95 | check p50 / p95 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [total, concurrency] of [
    [50, 1],
    [100, 4],
    [400, 16],
  ]) {
    const { results, failed, seconds } = await run(key, total, concurrency);
    const col = (pick: (r: (typeof results)[number]) => number) =>
      `${ms(percentile(results.map(pick), 50))} / ${ms(percentile(results.map(pick), 95))}`;
    lines.push(
      `| ${concurrency} at a time | ${results.length} | ${failed} | ${(results.length / seconds).toFixed(1)}/s | ${col((r) => r.createMs)} | ${col((r) => r.sentMs)} | ${col((r) => r.checkMs)} |`,
    );
  }
  lines.push(
    '',
    'Each verification: POST /v1/verifications (SMS), poll the sandbox inbox until the code arrives, then check it. All apps, Kafka and FerretDB share the 2 cores.',
    '',
  );
  writeSection(
    'api',
    'End-to-end API latency (local system, SMS via the Twilio-shaped sandbox)',
    'npm run up && npm run bench:api',
    lines,
  );
}

void main();

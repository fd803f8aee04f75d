import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Kafka } from 'kafkajs';
import { Destinations } from '../load/destinations';
import { openLoop } from '../load/open-loop';
import { ramp, type RampResult } from '../load/ramp';
import { runFlow } from '../load/flow';
import { ReceiptWatcher } from '../load/receipt-watcher';
import type { Measured } from '../load/step';
import type { BenchOptions } from '../options';
import type { ConfigResult } from '../report/render-report';
import { JsonHttpClient } from '../support/json-http-client';
import { median } from '../support/stats';
import { ferretdbCommands } from '../system/db-command-counters';
import { KafkaBacklog } from '../system/kafka-backlog';
import { REPO_ROOT, TESSERA_HOME, infrastructureProcesses, type LocalSystem } from '../system/local-system';
import { RAW_ROLES, type RawPlan, type RawRole } from './raw-plan';
import { RAW_TOPICS, rawGroup, type RawRoleConfig } from './raw-wire';

const EDGE_PORT = 3100;
const CHANNEL_PORT = 3103;

export interface RawCeilingInput {
  runId: string;
  plan: RawPlan;
  kafka: Kafka;
  admin: Admin;
  system: LocalSystem;
  options: BenchOptions;
  log: (line: string) => void;
}

function startRole(role: RawRole, config: RawRoleConfig, logDir: string): Promise<ChildProcess> {
  mkdirSync(logDir, { recursive: true });
  const log = openSync(join(logDir, `raw-${role}.log`), 'a');
  const child = fork(join(__dirname, 'raw-role.ts'), [role], {
    cwd: REPO_ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: {
      ...process.env,
      BENCH_RAW_CONFIG: JSON.stringify(config),
      TS_NODE_TRANSPILE_ONLY: '1',
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`raw ${role} not ready after 60 s; see ${logDir}`)), 60_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`raw ${role} exited (${code}); see ${join(logDir, `raw-${role}.log`)}`));
    });
  });
}

async function stopRole(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killed);
}

/**
 * The raw ceiling: three bare processes (kafkajs and the MongoDB driver, no framework, no validation, no
 * crypto beyond the stand-in code) doing Tessera's hops and database commands per flow, driven by the same
 * generator, ramp and sandbox.
 */
export async function runRawCeiling(input: RawCeilingInput): Promise<ConfigResult & { plan: RawPlan }> {
  const { runId, plan, kafka, admin, system, options, log } = input;
  const topics = Object.values(RAW_TOPICS);
  await admin.createTopics({
    topics: topics.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: 1 })),
    waitForLeaders: true,
  });
  const config: RawRoleConfig = {
    runId,
    brokers: ['127.0.0.1:9092'],
    mongoUrl: 'mongodb://127.0.0.1:27017',
    database: `bench_${runId}_raw`,
    plan,
    edgePort: EDGE_PORT,
    channelPort: CHANNEL_PORT,
    sandboxUrl: `http://127.0.0.1:${system.ports.sandbox}`,
    twilio: {
      accountSid: system.secrets.TWILIO_ACCOUNT_SID,
      authToken: system.secrets.TWILIO_AUTH_TOKEN,
      from: system.secrets.TWILIO_FROM ?? '+15005550006',
    },
    codeKey: randomBytes(16).toString('hex'),
  };
  const logDir = join(TESSERA_HOME, 'bench', runId);
  const roles = new Map<RawRole, ChildProcess>();
  const receipts = new ReceiptWatcher(kafka, RAW_TOPICS.delivered.name, `bench-raw-receipts-${runId}`);
  const api = new JsonHttpClient(`http://127.0.0.1:${EDGE_PORT}`);
  const sandbox = new JsonHttpClient(`http://127.0.0.1:${system.ports.sandbox}`, {}, 4096);
  const ferretdb = new JsonHttpClient('http://127.0.0.1:8088');
  try {
    for (const role of [...RAW_ROLES].reverse()) roles.set(role, await startRole(role, config, logDir));
    await receipts.start();
    const measured: Measured = {
      target: { api, sandbox, receipts, destinations: new Destinations() },
      backlog: new KafkaBacklog(
        admin,
        RAW_ROLES.map((role) => rawGroup(runId, role)),
      ),
      processes: () => [
        ...infrastructureProcesses(),
        ...system.watched(),
        ...[...roles].map(([role, child]) => ({ name: `raw ${role}`, pid: child.pid!, role: 'system' as const })),
        { name: 'load generator', pid: process.pid, role: 'client' as const },
      ],
      commands: [{ name: 'ferretdb', read: () => ferretdbCommands(ferretdb) }],
      consumed: [],
      topics: topics.map((t) => t.name),
    };
    const warm = await openLoop({ rate: 2, seconds: 5, arrivals: 'uniform' }, (due) =>
      runFlow(measured.target, due, options.flowTimeoutMs),
    );
    if (!warm.some((r) => r.ok)) throw new Error(`raw ceiling warm-up failed: ${warm[0]?.error}; see ${logDir}`);
    await sleep(2000);
    const runs: RampResult[] = [];
    for (let i = 0; i < options.runs; i++) {
      const previous = median(runs.map((r) => r.capacityRate ?? Number.NaN));
      const start = Number.isFinite(previous) ? Math.max(previous / 2, 0.25) : options.startRate;
      log(`raw ceiling: run ${i + 1} of ${options.runs}, from ${start}/s`);
      runs.push(await ramp(measured, options, start, log));
    }
    return { label: 'raw ceiling', runs, plan };
  } finally {
    await receipts.stop().catch(() => undefined);
    for (const child of roles.values()) await stopRole(child);
    for (const client of [api, sandbox, ferretdb]) client.close();
    await admin.deleteTopics({ topics: topics.map((t) => t.name) }).catch(() => undefined);
    await admin.deleteGroups(RAW_ROLES.map((role) => rawGroup(runId, role))).catch(() => undefined);
  }
}

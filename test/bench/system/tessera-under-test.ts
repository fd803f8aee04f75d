import type { Admin, Kafka } from 'kafkajs';
import { Destinations } from '../load/destinations';
import { ReceiptWatcher } from '../load/receipt-watcher';
import type { CounterSource, Measured } from '../load/step';
import { JsonHttpClient } from '../support/json-http-client';
import { parsePrometheus } from '@tessera/testing';
import { appCommands, ferretdbCommands, type CommandCounts } from './db-command-counters';
import { KafkaBacklog } from './kafka-backlog';
import { infrastructureProcesses, type LocalSystem } from './local-system';
import type { WatchedProcess } from './process-stats';

/** Consumer groups whose lag says whether Tessera keeps up. */
export const TESSERA_GROUPS = ['otp-service', 'channel-sms', 'gateway-replies'];

const FERRETDB_DEBUG = 'http://127.0.0.1:8088';

export interface BenchTenant {
  id: string;
  apiKey: string;
}

/** A tenant for the benchmark, through the admin API: SMS only, limits far above any rate the bench offers. */
export async function createBenchTenant(system: LocalSystem): Promise<BenchTenant> {
  const admin = new JsonHttpClient(`http://127.0.0.1:${system.ports.gateway}`, {
    'x-admin-token': system.secrets.ADMIN_TOKEN,
  });
  try {
    const id = `bench-${system.runId}`;
    const answer = await admin.post('/admin/tenants', {
      id,
      name: `Benchmark ${system.runId}`,
      policy: { defaultPlan: ['sms'], requestsPerMinute: 100_000, maxSendsPerDestinationPerHour: 100 },
    });
    if (answer.status !== 201) throw new Error(`tenant: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { id, apiKey: answer.body.apiKey.key };
  } finally {
    admin.close();
  }
}

function consumedBy(client: JsonHttpClient): () => Promise<CommandCounts> {
  return async () => {
    const text = String((await client.get<string>('/metrics')).body);
    const counts: CommandCounts = {};
    for (const { labels, value } of parsePrometheus(text, 'tessera_bus_messages_consumed_total')) {
      counts[labels.topic] = (counts[labels.topic] ?? 0) + value;
    }
    return counts;
  };
}

/** The running Tessera, as the load generator and the step measurements see it. */
export class TesseraUnderTest {
  readonly measured: Measured;
  readonly receipts: ReceiptWatcher;
  private readonly clients: JsonHttpClient[] = [];
  private readonly metricsClients = new Map<string, JsonHttpClient>();

  constructor(
    private readonly system: LocalSystem,
    kafka: Kafka,
    admin: Admin,
    tenant: BenchTenant,
    topics: string[],
    outboxMetric: string,
  ) {
    const api = this.client(`http://127.0.0.1:${system.ports.gateway}`, { authorization: `Bearer ${tenant.apiKey}` });
    const sandbox = this.client(`http://127.0.0.1:${system.ports.sandbox}`, {}, 4096);
    const ferretdb = this.client(FERRETDB_DEBUG);
    this.receipts = new ReceiptWatcher(kafka, 'otp.delivered', `bench-receipts-${system.runId}`);
    const apps = (): { name: string; client: JsonHttpClient }[] =>
      system.instances
        .filter((i) => i.app !== 'sandbox')
        .map((i) => ({ name: i.name, client: this.metrics(i.name, i.port) }));
    this.measured = {
      target: { api, sandbox, receipts: this.receipts, destinations: new Destinations() },
      backlog: new KafkaBacklog(admin, TESSERA_GROUPS),
      processes: (): WatchedProcess[] => [
        ...infrastructureProcesses(),
        ...system.watched(),
        { name: 'load generator', pid: process.pid, role: 'client' },
      ],
      get commands(): CounterSource[] {
        return [
          { name: 'ferretdb', read: () => ferretdbCommands(ferretdb) },
          ...apps().map(({ name, client }) => ({ name, read: () => appCommands(client) })),
        ];
      },
      get consumed(): CounterSource[] {
        return apps().map(({ name, client }) => ({ name, read: consumedBy(client) }));
      },
      topics,
      outboxAge: async () => {
        const otp = this.metrics('otp-service', system.ports['otp-service']);
        const samples = parsePrometheus(String((await otp.get<string>('/metrics')).body), outboxMetric);
        return samples.length ? Math.max(...samples.map((s) => s.value)) : null;
      },
    };
  }

  /** Joins the receipts group; samples the outbox age during steps only if the otp-service exposes it. */
  async start(): Promise<void> {
    await this.receipts.start();
    const age = await this.measured.outboxAge?.().catch(() => null);
    if (age === null || age === undefined) this.measured.outboxAge = undefined;
  }

  async stop(): Promise<void> {
    await this.receipts.stop();
    for (const client of [...this.clients, ...this.metricsClients.values()]) client.close();
  }

  private client(url: string, headers: Record<string, string> = {}, maxSockets = 512): JsonHttpClient {
    const client = new JsonHttpClient(url, headers, maxSockets);
    this.clients.push(client);
    return client;
  }

  private metrics(name: string, port: number): JsonHttpClient {
    const key = `${name}:${port}`;
    let client = this.metricsClients.get(key);
    if (!client) {
      client = new JsonHttpClient(`http://127.0.0.1:${port}`, {}, 4);
      this.metricsClients.set(key, client);
    }
    return client;
  }
}

/** Tessera's topics whose messages per flow are counted (not the dead-letter ones). */
export async function tesseraTopics(admin: Admin): Promise<string[]> {
  return (await admin.listTopics()).filter((t) => t.startsWith('otp.') && !t.endsWith('.dlq')).sort();
}

import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { Destinations } from '../bench/load/destinations';
import { runFlow, type FlowChannel, type FlowResult, type FlowTarget } from '../bench/load/flow';
import { openLoop } from '../bench/load/open-loop';
import { JsonHttpClient } from '../bench/support/json-http-client';
import { dropDatabases, existingDatabases } from '../bench/system/databases';
import { LocalSystem, type AppInstance, type AppName } from '../bench/system/local-system';
import { account, type Accounting } from './accounting';
import { FAULTS, type Fault, type FaultContext, type FaultEvent } from './faults';
import type { FaultOptions } from './fault-options';
import { followUp, type FollowUp } from './follow-up';
import { InboxRecords } from './inbox-records';
import type { ReadinessFlip } from './readiness';
import { TcpDelayProxy } from './tcp-delay-proxy';
import { VerifiedEvents } from './verified-events';

const CHANNELS: FlowChannel[] = ['sms', 'whatsapp', 'email'];
const SANDBOX_HTTP = 4000;
const SANDBOX_SMTP = 2525;
const REPLICA_PORT_OFFSET = 10;

/** One flow of the load, as the accounting sees it. */
export interface FlowRecord {
  n: number;
  channel: FlowChannel;
  /** Which of the two gateways it was sent to. */
  gateway: number;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  result: FlowResult;
  followUp?: FollowUp;
}

export interface WindowResult {
  fault: string;
  startedAt: number;
  endedAt?: number;
  events: FaultEvent[];
  readiness?: { notReady: ReadinessFlip[]; readyAgain: ReadinessFlip[]; samePids: boolean };
}

export interface FaultRunResult {
  runId: string;
  options: FaultOptions;
  startedAt: string;
  setupSeconds: number;
  loadSeconds: number;
  accountingSeconds: number;
  windows: WindowResult[];
  flows: FlowRecord[];
  accounting: Accounting;
  /** The run's databases that existed when its load and accounting were over (cleanUp drops them). */
  databases: string[];
}

const log = (line: string): void => {
  process.stdout.write(`[faults ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/**
 * The fault suite's run: the local system with two otp-service and two gateway replicas, every channel, the
 * sandbox behind a delaying proxy; a steady open-loop load over the three channels and both gateways; one fault
 * per window; then the accounting of every request that got a 2xx.
 */
export class FaultRun implements FaultContext {
  readonly runId = `f${Date.now().toString(36)}`;
  readonly kafka = new Kafka({ clientId: 'faults', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
  readonly httpProxy = new TcpDelayProxy(SANDBOX_HTTP);
  readonly smtpProxy = new TcpDelayProxy(SANDBOX_SMTP);
  system!: LocalSystem;
  inbox!: InboxRecords;
  private verified!: VerifiedEvents;
  private readonly clients: JsonHttpClient[] = [];
  private targets: FlowTarget[] = [];
  private readonly flows: FlowRecord[] = [];
  private readonly followUps: Promise<void>[] = [];
  private apiKey = '';

  constructor(readonly options: FaultOptions) {}

  log(line: string): void {
    log(line);
  }

  /** Tessera's apps that are running now (the sandbox excluded). */
  tesseraApps(): AppInstance[] {
    return this.system.instances.filter((i) => i.app !== 'sandbox');
  }

  instance(name: string): AppInstance {
    const found = this.system.instances.find((i) => i.name === name);
    if (!found) throw new Error(`${name} is not running`);
    return found;
  }

  async restart(name: string): Promise<void> {
    const [app, replica] = name.split('#') as [AppName, string | undefined];
    const port = this.system.ports[app] + (replica ? REPLICA_PORT_OFFSET : 0);
    await this.system.start(app, { replica: replica ? Number(replica) : undefined, port });
  }

  async run(): Promise<FaultRunResult> {
    const t0 = Date.now();
    await this.setUp();
    const faults = FAULTS.filter((f) => !this.options.only || this.options.only.includes(f.name));
    const setupSeconds = (Date.now() - t0) / 1000;
    log(
      `set up in ${setupSeconds.toFixed(1)} s; ${faults.length} windows of ${this.options.windowSeconds} s at ${this.options.rate}/s`,
    );
    const loadStart = Date.now();
    const windows = await this.load(faults);
    const loadSeconds = (Date.now() - loadStart) / 1000;
    const accountingStart = Date.now();
    log(`load over; waiting for ${this.followUps.length} follow-ups, then the accounting`);
    await Promise.all(this.followUps);
    await this.inbox.stop();
    const accounting = await account({
      system: this.system,
      flows: this.flows,
      inbox: this.inbox,
      verified: this.verified,
      ttlSeconds: this.options.ttlSeconds,
      log,
    });
    return {
      runId: this.runId,
      options: this.options,
      startedAt: new Date(t0).toISOString(),
      setupSeconds,
      loadSeconds,
      accountingSeconds: (Date.now() - accountingStart) / 1000,
      windows,
      flows: this.flows,
      accounting,
      databases: await existingDatabases(this.system.databases),
    };
  }

  private async setUp(): Promise<void> {
    await this.httpProxy.start();
    await this.smtpProxy.start();
    const provider = `http://127.0.0.1:${this.httpProxy.port}`;
    this.system = new LocalSystem(
      this.runId,
      {
        sandbox: { SANDBOX_INBOX_LIMIT: '200000' },
        gateway: { THROTTLE_PER_IP_PER_MINUTE: '1000000' },
        'channel-sms': { TWILIO_RATE_PER_SECOND: '10000', TWILIO_BASE_URL: `${provider}/twilio` },
        'channel-whatsapp': { WHATSAPP_RATE_PER_SECOND: '10000', WHATSAPP_GRAPH_BASE_URL: `${provider}/whatsapp` },
        'channel-email': { SMTP_RATE_PER_SECOND: '10000', SMTP_PORT: String(this.smtpProxy.port) },
      },
      'faults',
    );
    LocalSystem.stopLocalApps();
    // side by side: no app needs another to start (each waits for Kafka, its database and its group)
    await Promise.all([
      this.system.start('sandbox'),
      this.system.start('otp-service'),
      this.restart('otp-service#2'),
      this.system.start('channel-sms'),
      this.system.start('channel-whatsapp'),
      this.system.start('channel-email'),
      this.system.start('gateway'),
      this.restart('gateway#2'),
    ]);
    this.apiKey = await this.createTenant();
    const sandbox = this.client(`http://127.0.0.1:${SANDBOX_HTTP}`, {}, 4096);
    const destinations = new Destinations();
    this.targets = [this.system.ports.gateway, this.system.ports.gateway + REPLICA_PORT_OFFSET].map((port) => ({
      api: this.client(`http://127.0.0.1:${port}`, { authorization: `Bearer ${this.apiKey}` }),
      sandbox,
      destinations,
    }));
    this.inbox = new InboxRecords(sandbox);
    this.inbox.start();
    this.verified = new VerifiedEvents(this.kafka, `faults-verified-${this.runId}`);
    await this.verified.start();
  }

  private async createTenant(): Promise<string> {
    const admin = this.client(`http://127.0.0.1:${this.system.ports.gateway}`, {
      'x-admin-token': this.system.secrets.ADMIN_TOKEN,
    });
    const answer = await admin.post('/admin/tenants', {
      id: `faults-${this.runId}`,
      name: `Fault suite ${this.runId}`,
      policy: {
        allowedChannels: CHANNELS,
        defaultPlan: ['sms'],
        ttlSeconds: this.options.ttlSeconds,
        requestsPerMinute: 100_000,
        maxSendsPerDestinationPerHour: 100,
      },
    });
    if (answer.status !== 201) throw new Error(`tenant: ${answer.status} ${JSON.stringify(answer.body)}`);
    return String(answer.body.apiKey.key);
  }

  /**
   * The load over every window, the faults injected at each window's start; a window lasts its length or as long
   * as its fault takes (a Kafka restart), and the load goes on until the last one ends.
   */
  private async load(faults: readonly Fault[]): Promise<WindowResult[]> {
    const windowMs = this.options.windowSeconds * 1000;
    let n = 0;
    let faultsDone = false;
    const flowTimeoutMs = 30_000;
    const load = openLoop(
      {
        rate: this.options.rate,
        seconds: faults.length * this.options.windowSeconds,
        arrivals: 'uniform',
        keepGoing: () => !faultsDone,
      },
      async (due) => {
        const i = n++;
        const channel = CHANNELS[i % CHANNELS.length];
        const gateway = Math.floor(i / CHANNELS.length) % this.targets.length;
        const target = this.targets[gateway];
        const to = channel === 'email' ? `user-${this.runId}-${i}@example.com` : target.destinations.next();
        const startedAt = Date.now();
        const result = await runFlow(target, due, flowTimeoutMs, { awaitReceipt: false, channel, to });
        const record: FlowRecord = { n: i, channel, gateway, startedAt, endedAt: Date.now(), result };
        this.flows.push(record);
        if (!result.ok && result.verificationId) this.followUps.push(this.followUpOf(record));
      },
    );
    const windows: WindowResult[] = [];
    try {
      for (const [k, fault] of faults.entries()) {
        log(`window ${k + 1}/${faults.length}: ${fault.name}`);
        const window: WindowResult = { fault: fault.name, startedAt: Date.now(), events: [] };
        windows.push(window);
        const windowEnd = window.startedAt + windowMs;
        await fault.inject(this, window, windowEnd);
        if (windowEnd > Date.now()) await sleep(windowEnd - Date.now());
        window.endedAt = Date.now();
      }
    } finally {
      faultsDone = true;
    }
    await load;
    return windows;
  }

  /** A flow that got its 2xx but did not end approved: check what can be checked until it ends. */
  private async followUpOf(record: FlowRecord): Promise<void> {
    record.followUp = await followUp({
      id: record.result.verificationId!,
      code: record.result.code,
      apis: [this.targets[(record.gateway + 1) % this.targets.length].api, this.targets[record.gateway].api],
      inbox: this.inbox,
      until: record.startedAt + this.options.ttlSeconds * 1000 + 5000,
    });
  }

  private client(url: string, headers: Record<string, string> = {}, maxSockets = 512): JsonHttpClient {
    const client = new JsonHttpClient(url, headers, maxSockets);
    this.clients.push(client);
    return client;
  }

  async cleanUp(): Promise<void> {
    await this.verified?.stop().catch(() => undefined);
    await this.system?.stopAll().catch(() => undefined);
    for (const client of this.clients) client.close();
    await this.httpProxy.stop();
    await this.smtpProxy.stop();
    if (this.system) await dropDatabases(this.system.databases).catch((error: Error) => log(error.message));
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([`faults-verified-${this.runId}`]))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
  }
}

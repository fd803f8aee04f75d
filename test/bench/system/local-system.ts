import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appNodeArgs, heapBoundsOf } from '@tessera/testing';
import { JsonHttpClient } from '../support/json-http-client';
import type { WatchedProcess } from './process-stats';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const TESSERA_HOME = process.env.TESSERA_HOME ?? join(REPO_ROOT, '.local');
const APPS_DIR = join(TESSERA_HOME, 'apps');

/** What `npm run up` starts, in its start order. */
export const APPS = ['sandbox', 'otp-service', 'channel-whatsapp', 'channel-sms', 'channel-email', 'gateway'] as const;
export type AppName = (typeof APPS)[number];

/** Each app's own database, as its config defaults name it; the benchmark prefixes them per run. */
const DATABASES: Partial<Record<AppName, string>> = {
  'otp-service': 'otp',
  'channel-whatsapp': 'whatsapp',
  'channel-sms': 'sms',
  'channel-email': 'email',
  gateway: 'gateway',
};

/**
 * The environment and ports `deploy/local/apps.sh` gives the apps, read from the script itself (its `app_env`
 * and `port_of` functions), so the benchmark runs the system exactly as `npm run up` does.
 */
function localAppEnvironment(): { env: Record<string, string>; ports: Record<AppName, number> } {
  const script = [
    'set -euo pipefail',
    'source deploy/local/lib.sh',
    `eval "$(sed -n '/^port_of() {/,/^}/p; /^app_env() {/,/^}/p' deploy/local/apps.sh)"`,
    'declare -F app_env port_of >/dev/null',
    'app_env',
    ...APPS.map((app) => `export BENCH_PORT_${app.replace(/-/g, '_')}="$(port_of ${app})"`),
    'env -0',
  ].join('\n');
  const output = execFileSync('bash', ['-c', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, TESSERA_HOME },
    encoding: 'utf8',
  });
  const env: Record<string, string> = {};
  for (const entry of output.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const ports = Object.fromEntries(
    APPS.map((app) => [app, Number(env[`BENCH_PORT_${app.replace(/-/g, '_')}`])]),
  ) as Record<AppName, number>;
  for (const key of Object.keys(env)) if (key.startsWith('BENCH_')) delete env[key];
  return { env, ports };
}

export interface AppInstance {
  app: AppName;
  /** `otp-service`, or `otp-service#2` for a second replica. */
  name: string;
  port: number;
  child: ChildProcess;
  exited: Promise<void>;
}

export interface StartOptions {
  replica?: number;
  port?: number;
  env?: Record<string, string>;
}

/**
 * Starts and stops Tessera's apps from dist/ the way deploy/local/apps.sh does (same environment, ports, logs
 * and pid files under $TESSERA_HOME/apps, so `deploy/local/apps.sh stop` also stops what a crashed run left),
 * with the benchmark's own databases and overrides, and replicas on other ports in the same consumer groups.
 */
export class LocalSystem {
  readonly ports: Record<AppName, number>;
  readonly secrets: Record<string, string>;
  private readonly baseEnv: Record<string, string>;
  private readonly running = new Map<string, AppInstance>();

  constructor(
    readonly runId: string,
    private readonly overrides: Partial<Record<AppName, Record<string, string>>> = {},
    /** Databases are named `<prefix>_<run>_<app>` (the fault suite uses its own prefix). */
    private readonly databasePrefix = 'bench',
  ) {
    const { env, ports } = localAppEnvironment();
    this.baseEnv = env;
    this.ports = ports;
    this.secrets = env;
  }

  /** The databases this run's apps write to (dropped at the end unless kept). */
  get databases(): string[] {
    return Object.values(DATABASES).map((short) => `${this.databasePrefix}_${this.runId}_${short}`);
  }

  get instances(): AppInstance[] {
    return [...this.running.values()];
  }

  watched(): WatchedProcess[] {
    return this.instances
      .filter((i) => i.child.pid !== undefined)
      .map((i) => ({ name: i.name, pid: i.child.pid!, role: i.app === 'sandbox' ? 'provider' : 'system' }));
  }

  /** Stops whatever `npm run up` left running (the benchmark needs the ports and fresh processes). */
  static stopLocalApps(): void {
    execFileSync('bash', [join(REPO_ROOT, 'deploy', 'local', 'apps.sh'), 'stop'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TESSERA_HOME },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  async start(app: AppName, options: StartOptions = {}): Promise<AppInstance> {
    const name = options.replica && options.replica > 1 ? `${app}#${options.replica}` : app;
    if (this.running.has(name)) throw new Error(`${name} is already running`);
    const port = options.port ?? this.ports[app];
    const entry = join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js');
    if (!existsSync(entry)) throw new Error(`${entry} missing: run npm run build`);
    mkdirSync(APPS_DIR, { recursive: true });
    const fileName = name.replace('#', '-');
    const log = openSync(join(APPS_DIR, `${fileName}.log`), 'a');
    const database = DATABASES[app];
    const child = spawn(process.execPath, appNodeArgs(app, heapBoundsOf(this.baseEnv)), {
      cwd: REPO_ROOT,
      env: {
        ...this.baseEnv,
        PORT: String(port),
        SANDBOX_HTTP_PORT: String(this.ports.sandbox),
        ...(database ? { MONGO_DB: `${this.databasePrefix}_${this.runId}_${database}` } : {}),
        ...this.overrides[app],
        ...options.env,
      },
      stdio: ['ignore', log, log],
      detached: true, // its own process group: a Ctrl-C of the benchmark reaches the apps through stop(), in order
    });
    closeSync(log);
    const pidFile = join(APPS_DIR, `${fileName}.pid`);
    writeFileSync(pidFile, `${child.pid}\n`);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        rmSync(pidFile, { force: true });
        this.running.delete(name);
        resolve();
      }),
    );
    const instance: AppInstance = { app, name, port, child, exited };
    this.running.set(name, instance);
    await this.waitReady(instance);
    return instance;
  }

  async startAll(env: Record<string, string> = {}): Promise<void> {
    for (const app of APPS) await this.start(app, { env });
  }

  async stop(name: string): Promise<void> {
    const instance = this.running.get(name);
    if (!instance) return;
    instance.child.kill('SIGTERM');
    const killed = setTimeout(() => instance.child.kill('SIGKILL'), 20_000);
    await instance.exited;
    clearTimeout(killed);
  }

  /** Stops every app this run started, in the reverse of the start order. */
  async stopAll(): Promise<void> {
    for (const instance of this.instances.reverse()) await this.stop(instance.name);
  }

  /** Sends a signal to every running app (profiling hooks listen for SIGUSR2). */
  signalAll(signal: NodeJS.Signals, filter: (i: AppInstance) => boolean = () => true): void {
    for (const instance of this.instances.filter(filter)) instance.child.kill(signal);
  }

  logFile(name: string): string {
    return join(APPS_DIR, `${name.replace('#', '-')}.log`);
  }

  private async waitReady(instance: AppInstance): Promise<void> {
    const client = new JsonHttpClient(`http://127.0.0.1:${instance.port}`, {}, 2);
    const path = '/health/ready';
    const deadline = Date.now() + 90_000;
    let gone = false;
    void instance.exited.then(() => (gone = true));
    try {
      while (Date.now() < deadline) {
        if (gone) throw new Error(`${instance.name} exited during start:\n${tail(this.logFile(instance.name))}`);
        const ready = await client.get(path, 2000).then(
          (a) => a.status === 200,
          () => false,
        );
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(
        `${instance.name} not ready on :${instance.port} after 90 s; log: ${this.logFile(instance.name)}`,
      );
    } finally {
      client.close();
    }
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Kafka's and FerretDB's pids from the pid files deploy/local writes. */
export function infrastructureProcesses(): WatchedProcess[] {
  const found: WatchedProcess[] = [];
  for (const [name, file] of [
    ['kafka', join(TESSERA_HOME, 'kafka', 'kafka.pid')],
    ['ferretdb', join(TESSERA_HOME, 'ferretdb', 'ferretdb.pid')],
  ] as const) {
    const pid = Number(existsSync(file) ? readFileSync(file, 'utf8').trim() : NaN);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${name} is not running (no pid in ${file}): npm run up`);
    found.push({ name, pid, role: 'system' });
  }
  return found;
}

/** `npm run build` and the topic provisioning `npm run up` does, so the benchmark runs the current code. */
export function buildAndProvision(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/libs/messaging/src/cli/provision-topics.js'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
}

export function ensureInfrastructure(): void {
  execFileSync('bash', [join(REPO_ROOT, 'deploy', 'local', 'infra.sh'), 'up'], {
    cwd: REPO_ROOT,
    env: { ...process.env, TESSERA_HOME },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const TEST_LOG_DIR = join(REPO_ROOT, '.local', 'test-logs');

/** V8's old space and semi-space for a Tessera app, in MB, as the image and `deploy/local/apps.sh` bound them. */
export interface HeapBounds {
  heapMb: string;
  semiSpaceMb: string;
}

const DEFAULT_HEAP_BOUNDS: HeapBounds = { heapMb: '128', semiSpaceMb: '4' };

/** The bounds an environment asks for (`TESSERA_HEAP_MB`, `TESSERA_SEMI_SPACE_MB`), else the launchers' defaults. */
export function heapBoundsOf(env: Record<string, string | undefined>): HeapBounds {
  return {
    heapMb: env.TESSERA_HEAP_MB ?? DEFAULT_HEAP_BOUNDS.heapMb,
    semiSpaceMb: env.TESSERA_SEMI_SPACE_MB ?? DEFAULT_HEAP_BOUNDS.semiSpaceMb,
  };
}

/**
 * The arguments that run an app as its launchers do: each Tessera app with its heap bounded, the sandbox (a test
 * peer, not a Tessera service) as node leaves it.
 */
export function appNodeArgs(name: string, bounds = heapBoundsOf(process.env)): string[] {
  const entry = join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js');
  if (name === 'sandbox') return [entry];
  return [`--max-old-space-size=${bounds.heapMb}`, `--max-semi-space-size=${bounds.semiSpaceMb}`, entry];
}

/** How a process ended: its exit code, or the signal that ended it (Nest re-raises SIGTERM after a clean close). */
export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  name: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  exited: Promise<AppExit>;
  stop(signal?: NodeJS.Signals): Promise<AppExit>;
}

/** Starts `dist/apps/<name>/src/main.js` as a real process and waits until its readiness endpoint says ok. */
export async function startApp(
  name: string,
  port: number,
  env: Record<string, string>,
  readyPath = '/health/ready',
): Promise<AppProcess> {
  mkdirSync(TEST_LOG_DIR, { recursive: true });
  const logFile = join(TEST_LOG_DIR, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, appNodeArgs(name), {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<AppExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const app: AppProcess = {
    name,
    port,
    child,
    logFile,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  await waitUntilReady(app, readyPath);
  return app;
}

async function waitUntilReady(app: AppProcess, path: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: AppExit | undefined;
  void app.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`${app.name} exited (${exit.code ?? exit.signal}) during start; see ${app.logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${app.port}${path}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await app.stop('SIGKILL');
  throw new Error(`${app.name} not ready after ${timeoutMs} ms; see ${app.logFile}`);
}

/** Runs an app to its exit (for boot failures) and returns its exit code and output. */
export function runAppToExit(
  name: string,
  env: Record<string, string>,
  timeoutMs = 20000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, appNodeArgs(name), {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

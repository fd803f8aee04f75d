import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, TESSERA_HOME } from '../bench/system/local-system';

export type Infrastructure = 'kafka' | 'ferretdb';

const PID_FILES: Record<Infrastructure, string> = {
  kafka: join(TESSERA_HOME, 'kafka', 'kafka.pid'),
  ferretdb: join(TESSERA_HOME, 'ferretdb', 'ferretdb.pid'),
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export function infrastructurePid(name: Infrastructure): number {
  const file = PID_FILES[name];
  const pid = Number(existsSync(file) ? readFileSync(file, 'utf8').trim() : NaN);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) throw new Error(`${name} is not running (${file})`);
  return pid;
}

/** kill -9 the process deploy/local started (its pid file), and wait until it is gone. */
export async function killInfrastructure(name: Infrastructure): Promise<void> {
  const pid = infrastructurePid(name);
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(20);
}

/** `deploy/local/<name>.sh start` (it waits until the component answers), without blocking the event loop. */
export function startInfrastructure(name: Infrastructure): Promise<void> {
  return runScript(join(REPO_ROOT, 'deploy', 'local', `${name}.sh`), ['start']);
}

/** Both up again, whatever happened (the shared infrastructure is never left down). */
export function ensureInfrastructureUp(): Promise<void> {
  return runScript(join(REPO_ROOT, 'deploy', 'local', 'infra.sh'), ['up']);
}

function runScript(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn('bash', [script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TESSERA_HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

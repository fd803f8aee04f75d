import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, TESSERA_HOME } from '../system/local-system';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  kernel: string;
  node: string;
  kafka: string;
  ferretdb: string;
  packages: Record<string, string>;
  commit: string;
}

const quiet = (run: () => string): string => {
  try {
    return run().trim();
  } catch {
    return 'unknown';
  }
};

function packageVersion(name: string): string {
  return quiet(() => JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version);
}

/** What the figures were measured on and with. */
export function describeMachine(): Machine {
  const osRelease = quiet(() => readFileSync('/etc/os-release', 'utf8'));
  const kafkaLib = join(TESSERA_HOME, 'kafka', 'lib');
  const kafkaJar = existsSync(kafkaLib)
    ? readdirSync(kafkaLib).find((f) => /^kafka-server-[\d.]+\.jar$/.test(f))
    : undefined;
  const dirty = quiet(() => execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' }));
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: /^PRETTY_NAME="?([^"\n]*)"?/m.exec(osRelease)?.[1] ?? 'unknown',
    kernel: release(),
    node: process.version,
    kafka: kafkaJar ? /([\d.]+)\.jar$/.exec(kafkaJar)![1] : 'unknown',
    ferretdb: quiet(
      () =>
        /version:\s*(\S+)/.exec(
          execFileSync(join(TESSERA_HOME, 'bin', 'ferretdb'), ['--version'], { encoding: 'utf8' }),
        )![1],
    ),
    packages: Object.fromEntries(
      ['kafkajs', 'mongodb', 'mongoose', '@nestjs/core', 'fastify', 'prom-client'].map((p) => [p, packageVersion(p)]),
    ),
    commit:
      quiet(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' })) +
      (dirty && dirty !== 'unknown' ? ' (with local changes)' : ''),
  };
}

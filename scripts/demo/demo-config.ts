import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoError } from './demo-error';

export interface DemoConfig {
  /** The gateway `npm run up` started (TESSERA_GATEWAY_URL). */
  gatewayUrl: string;
  /** The sandbox providers and their inbox (TESSERA_SANDBOX_URL). */
  sandboxUrl: string;
  adminToken: string;
  /** Where the admin token was read, for the message that explains a refused one. */
  adminTokenSource: string;
  /** The demo tenant's id (TESSERA_DEMO_TENANT). */
  tenantId: string;
}

const REPO_ROOT = join(__dirname, '..', '..');

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

/** `KEY=value` lines, as deploy/local/secrets.sh writes them. */
export function readEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!.trim();
  }
  return values;
}

/**
 * The demo's settings: the local system's addresses (deploy/local/apps.sh) unless the environment says otherwise,
 * and the admin token from ADMIN_TOKEN or from the secrets file `npm run up` generated.
 */
export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const home = env.TESSERA_HOME || join(REPO_ROOT, '.local');
  const secretsFile = join(home, 'secrets.env');
  let adminToken = env.ADMIN_TOKEN?.trim() ?? '';
  let adminTokenSource = 'ADMIN_TOKEN';
  if (!adminToken && existsSync(secretsFile)) {
    adminToken = readEnvFile(readFileSync(secretsFile, 'utf8')).ADMIN_TOKEN ?? '';
    adminTokenSource = secretsFile;
  }
  if (!adminToken) {
    throw new DemoError(
      `no admin token: ADMIN_TOKEN is not set and ${secretsFile} does not exist or has no ADMIN_TOKEN`,
      '`npm run up` creates that file and starts the system; then run `npm run demo` again.',
    );
  }
  return {
    gatewayUrl: withoutTrailingSlash(env.TESSERA_GATEWAY_URL || 'http://127.0.0.1:3000'),
    sandboxUrl: withoutTrailingSlash(env.TESSERA_SANDBOX_URL || 'http://127.0.0.1:4000'),
    adminToken,
    adminTokenSource,
    tenantId: env.TESSERA_DEMO_TENANT || 'demo',
  };
}

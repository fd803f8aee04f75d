import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tessera/testing';
import { GATEWAY, createTenant } from '../support/api';
import { loadState } from '../support/system';

const home = process.env.TESSERA_HOME ?? join(REPO_ROOT, '.local');
const CLI = join(home, 'venv', 'bin', 'schemathesis');
const REPORT_DIR = join(REPO_ROOT, '.local', 'test-results', 'schemathesis');
/** Bounds the run so the suite fits its budget: examples per operation and seconds for the whole run. */
const MAX_EXAMPLES = 25;
const MAX_SECONDS = 45;

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // its cwd gets Schemathesis' cache (.schemathesis/): keep it out of the checkout
    const child = spawn(CLI, args, { cwd: REPORT_DIR, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Schemathesis with every check, in every phase (examples, coverage, fuzzing, stateful), against the
 * gateway's own document, as a tenant made for it: limits high enough that the /v1 logic answers instead of
 * a 429 (the e2e gateway's per-IP throttle is raised in test/support/system.ts). No 5xx, and every answer as
 * the document says.
 */
describe('the gateway against its OpenAPI document (Schemathesis)', () => {
  const state = loadState();

  it('answers every generated request as documented, with no server error', async () => {
    expect(existsSync(CLI)).toBe(true);
    const tenant = await createTenant(state, {
      requestsPerMinute: 100000,
      maxSendsPerDestinationPerHour: 100,
      maxSendsPerVerification: 10,
      maxChecks: 10,
      resendCooldownsSeconds: [0],
    });
    rmSync(REPORT_DIR, { recursive: true, force: true });
    mkdirSync(REPORT_DIR, { recursive: true });
    const { code, output } = await run([
      '--config-file',
      join(REPO_ROOT, 'test', 'schemathesis', 'schemathesis.toml'),
      'run',
      `${GATEWAY}/openapi.json`,
      '--checks',
      'all',
      '--phases',
      'examples,coverage,fuzzing,stateful',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--max-time',
      String(MAX_SECONDS),
      '--seed',
      '20261201',
      '--header',
      `Authorization: Bearer ${tenant.apiKey}`,
      '--header',
      `X-Admin-Token: ${state.secrets.ADMIN_TOKEN}`,
      '--report',
      'junit',
      '--report-junit-path',
      join(REPORT_DIR, 'junit.xml'),
    ]);
    const summary = output.split('\n').filter((line) => /passed|failed|errors?|Test cases|=====/.test(line));
    console.log(`schemathesis (exit ${code}):\n${summary.slice(-12).join('\n')}`);
    if (code !== 0) console.log(output.slice(-20000));
    expect(code).toBe(0);
    expect(readFileSync(join(REPORT_DIR, 'junit.xml'), 'utf8')).toMatch(/<testsuite/);
  });
});

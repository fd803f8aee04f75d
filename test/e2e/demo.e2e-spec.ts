import { execFile } from 'node:child_process';
import { GATEWAY, SANDBOX } from '../support/api';
import { loadState } from '../support/system';

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end and keeps its output, whatever its exit code. */
const run = (file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> =>
  new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

/** One line of the demo's output that starts with `prefix`; fails with the whole output when there is none. */
function lineStarting(output: string, prefix: string | RegExp): string {
  const line = output.split('\n').find((l) => (typeof prefix === 'string' ? l.startsWith(prefix) : prefix.test(l)));
  if (!line) throw new Error(`no line starting with ${String(prefix)} in:\n${output}`);
  return line;
}

describe('npm run demo', () => {
  const state = loadState();
  const env = {
    ...process.env,
    TESSERA_GATEWAY_URL: GATEWAY,
    TESSERA_SANDBOX_URL: SANDBOX,
    ADMIN_TOKEN: state.secrets.ADMIN_TOKEN,
    TESSERA_DEMO_TENANT: `demo-${state.runId}`,
  };
  const demo = (overrides: NodeJS.ProcessEnv = {}) => run('npm', ['run', '--silent', 'demo'], { ...env, ...overrides });
  let first: Run;

  beforeAll(async () => {
    first = await demo();
  });

  it('shows the WhatsApp attempt failing with 131026, the fallback to SMS and the approved check', () => {
    expect(first).toMatchObject({ exitCode: 0, stderr: '' });
    const { stdout } = first;
    expect(stdout).toContain(`1. Created tenant "demo-${state.runId}"`);
    expect(stdout).toMatch(/\+\d+\.\d\d s {2}whatsapp failed {4}error 131026 from meta-cloud/);
    expect(stdout).toContain('fallback: whatsapp failed with 131026, the same code goes by sms');
    expect(stdout).toMatch(/\+\d+\.\d\d s {2}sms delivered/);
    const id = /verification (vf_[0-9a-f]{32})/.exec(stdout)![1]!;
    expect(stdout).toContain(`whatsapp (meta): accepted → failed (error 131026), tagged ${id}`);
    expect(stdout).toContain(`sms (twilio): accepted → sent → delivered, tagged ${id}`);
    expect(stdout).toMatch(/4\. Checked code \d{6}: approved \(valid: true\)/);
    expect(stdout).toContain(`5. ${id} is approved: whatsapp failed (131026) → sms delivered`);
  });

  it('prints curl lines that give the same answers when a person runs them', async () => {
    const { stdout } = first;
    const id = /verification (vf_[0-9a-f]{32})/.exec(stdout)![1]!;
    const read = lineStarting(stdout, `curl -s ${GATEWAY}/v1/verifications/${id} -H 'Authorization: Bearer tsk_`);
    const answer = await run('bash', ['-c', read], env);
    expect(answer.exitCode).toBe(0);
    const view = JSON.parse(answer.stdout);
    expect(view).toMatchObject({ id, status: 'approved' });
    const attempts = view.deliveries
      .map((d: any) => `${d.channel} ${d.status}${d.errorCode ? ` (${d.errorCode})` : ''}`)
      .join(' → ');
    expect(stdout).toContain(`5. ${id} is ${view.status}: ${attempts}`);

    const inbox = lineStarting(stdout, `curl -s '${SANDBOX}/api/messages?to=`);
    const messages = JSON.parse((await run('bash', ['-c', inbox], env)).stdout).messages;
    const sms = messages.find((m: any) => m.channel === 'sms');
    expect(stdout).toContain(`4. Checked code ${sms.code}: approved`);
    expect(lineStarting(stdout, /^curl -s -X POST \S+\/check /)).toContain(`-d '{"code":"${sms.code}"}'`);
  });

  it('works again on a second run, with a new key for the existing tenant', async () => {
    const second = await demo();
    expect(second).toMatchObject({ exitCode: 0, stderr: '' });
    expect(second.stdout).toContain(`1. Tenant "demo-${state.runId}" exists`);
    expect(second.stdout).toMatch(/4\. Checked code \d{6}: approved/);
    const keyLine = lineStarting(second.stdout, `curl -s -X POST ${GATEWAY}/admin/tenants/demo-${state.runId}/keys`);
    expect(keyLine).toContain('-H "X-Admin-Token: $ADMIN_TOKEN"');
    const issued = await run('bash', ['-c', keyLine], env);
    expect(JSON.parse(issued.stdout)).toMatchObject({ name: 'demo', key: expect.stringMatching(/^tsk_/) });
  });

  it('fails with a message naming npm run up when the system is not up', async () => {
    const down = await demo({ TESSERA_GATEWAY_URL: 'http://127.0.0.1:1' });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toContain('Tessera is not up: nothing answers at http://127.0.0.1:1/health/ready');
    expect(down.stderr).toContain('npm run up');
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '@tessera/testing';
import { createTenant, type TestTenant } from '../support/api';
import { appMetric, scrapeMetrics } from '../support/app-metrics';
import { E2E_PORTS, loadState } from '../support/system';
import { SystemLoad } from '../support/system-load';

const PROMETHEUS_PORT = 19090;
const PROMETHEUS = `http://127.0.0.1:${PROMETHEUS_PORT}`;
const RULES_FILE = join(REPO_ROOT, 'deploy', 'prometheus', 'alerts.yml');
const DASHBOARD_FILE = join(REPO_ROOT, 'deploy', 'grafana', 'dashboards', 'tessera.json');
const WORK_DIR = join(REPO_ROOT, '.local', 'test-state', 'prometheus');
const RESULTS_DIR = join(REPO_ROOT, '.local', 'test-results');
const APP_PORTS = [E2E_PORTS.gateway, E2E_PORTS.otpService, E2E_PORTS.whatsapp, E2E_PORTS.sms, E2E_PORTS.email];

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
}
interface Panel {
  title: string;
  targets: { expr: string; legendFormat: string }[];
}
interface Series {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

const shippedRules = (): Rule[] =>
  (parse(readFileSync(RULES_FILE, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const panels = (): Panel[] => (JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: Panel[] }).panels;

/**
 * The shipped rules with production windows shortened for a test that lasts a minute: every range `[Nm]` becomes
 * `[15s]` and every `for:` `1s`. The expressions are otherwise the shipped ones, character for character.
 */
function shortenedRules(): string {
  return shortened(readFileSync(RULES_FILE, 'utf8')).replace(/for: \S+/g, 'for: 1s');
}

const shortened = (expr: string): string => expr.replace(/\[\d+m\]/g, '[15s]');

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { input, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool: ${run.error.message} (Debian's prometheus package; .ci/run installs it)`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function query(expr: string): Promise<Series[]> {
  const answer = await fetch(`${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await answer.json()) as { status: string; error?: string; data: { result: Series[] } };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
  return body.data.result;
}

async function alertState(name: string, labels: Record<string, string>): Promise<string> {
  const answer = (await (await fetch(`${PROMETHEUS}/api/v1/alerts`)).json()) as {
    data: { alerts: { labels: Record<string, string>; state: string }[] };
  };
  const alert = answer.data.alerts.find(
    (a) => a.labels.alertname === name && Object.entries(labels).every(([k, v]) => a.labels[k] === v),
  );
  return alert?.state ?? 'inactive';
}

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The series an expression reads: every `tessera…` or `up` selector in it, with its label matchers. */
function selectorsOf(expr: string): string[] {
  const selectors = new Set<string>();
  for (const match of expr.matchAll(/\b(tessera[_:][a-z0-9_:]+|up)\b(\{[^}]*\})?/g)) {
    if (/^(by|on|ignoring)$/.test(match[1]!)) continue;
    selectors.add(`${match[1]}${match[2] ?? ''}`);
  }
  return [...selectors];
}

/** SIGTERM, and wait for the exit (SIGKILL after 10 s): a Prometheus left behind scrapes the later suites' apps. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
describe('a real Prometheus scraping the running system, with the shipped rules and dashboard', () => {
  const state = loadState();
  let prometheus: ChildProcess;
  let load: SystemLoad;
  let tenant: TestTenant;
  const startedAt = Date.now() / 1000;

  beforeAll(async () => {
    rmSync(WORK_DIR, { recursive: true, force: true });
    mkdirSync(WORK_DIR, { recursive: true });
    writeFileSync(join(WORK_DIR, 'alerts.yml'), shortenedRules());
    writeFileSync(
      join(WORK_DIR, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [alerts.yml]',
        'scrape_configs:',
        '  - job_name: tessera',
        `    static_configs: [{ targets: [${APP_PORTS.map((p) => `'127.0.0.1:${p}'`).join(', ')}] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(WORK_DIR, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(WORK_DIR, 'data')}`,
        `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await until('Prometheus ready', async () => ((await fetch(`${PROMETHEUS}/-/ready`)).ok ? true : undefined), 20000);
    tenant = await createTenant(state, {
      defaultPlan: ['whatsapp', 'sms'],
      stepTimeoutSeconds: { whatsapp: 5, sms: 60, email: 60 },
      requestsPerMinute: 6000,
    });
    load = new SystemLoad(tenant);
    load.start();
  });

  afterAll(async () => {
    console.log(`load: ${load?.summary()}`);
    await load?.stop();
    await savePanelData(startedAt).catch((error: Error) => console.warn(`panel data not saved: ${error.message}`));
    await stopProcess(prometheus);
  });

  it('accepts the shipped rules and configuration (promtool check rules, check config)', () => {
    const rules = promtool(['check', 'rules', RULES_FILE]);
    expect(rules.output).toContain('SUCCESS');
    expect(rules.status).toBe(0);
    expect(promtool(['check', 'config', join(REPO_ROOT, 'deploy', 'prometheus', 'prometheus.yml')]).status).toBe(0);
  });

  it("passes promtool check metrics on every app's /metrics", async () => {
    for (const port of APP_PORTS) {
      const lint = promtool(['check', 'metrics'], await scrapeMetrics(port));
      expect({ port, output: lint.output.trim(), status: lint.status }).toEqual({ port, output: '', status: 0 });
    }
  });

  it('runs every app with its heap bounded as the image and deploy/local/apps.sh do (TESSERA_HEAP_MB 128, TESSERA_SEMI_SPACE_MB 4)', async () => {
    for (const port of APP_PORTS) {
      const limit = await appMetric(port, 'tessera_nodejs_heap_limit_bytes');
      // the old space's 128 MB plus the young generation's three 4 MB semi-spaces: 140 MB on Node 20 (176 MB with
      // V8's default semi-space, about 4 GB unbounded on this machine)
      const limitMb = Math.round(limit / 2 ** 20);
      expect({ port, limitMb }).toEqual({ port, limitMb: 128 + 3 * 4 });
    }
  });

  it('scrapes every app, and every rule, alert signal and dashboard query returns series under load', async () => {
    await until('every app scraped', async () => {
      const up = await query('up{job="tessera"} == 1');
      return up.length === APP_PORTS.length ? up : undefined;
    });
    const rules = shippedRules();
    const expressions = [
      ...rules.filter((r) => r.record).map((r) => ({ what: `record ${r.record}`, expr: r.record! })),
      ...rules
        .filter((r) => r.alert)
        .flatMap((r) => selectorsOf(r.expr).map((s) => ({ what: `${r.alert} reads ${s}`, expr: s }))),
      ...panels().flatMap((p) => p.targets.map((t) => ({ what: `panel "${p.title}"`, expr: t.expr }))),
    ];
    for (const rule of rules.filter((r) => r.alert)) await query(rule.expr); // every alert expression evaluates
    const empty = await until(
      'every expression to return series',
      async () => {
        const missing: string[] = [];
        for (const { what, expr } of expressions)
          if ((await query(expr)).length === 0) missing.push(`${what}: ${expr}`);
        return missing.length === 0 ? missing : undefined;
      },
      60000,
    ).catch(async (error: Error) => {
      const missing: string[] = [];
      for (const { what, expr } of expressions) if ((await query(expr)).length === 0) missing.push(what);
      throw new Error(`${error.message}; still empty: ${missing.join('; ')}`);
    });
    expect(empty).toEqual([]);
  });

  it('fires TesseraDeliveryFailureRateHigh while SMS recipients are refused, and resolves once they are not', async () => {
    const sms = { channel: 'sms', provider: 'twilio' };
    expect(await alertState('TesseraDeliveryFailureRateHigh', sms)).toBe('inactive');
    load.refuseSms(true); // the sandbox refuses …0008 as an invalid recipient (Twilio 21211)
    await until('the alert to fire', async () =>
      (await alertState('TesseraDeliveryFailureRateHigh', sms)) === 'firing' ? true : undefined,
    );
    const refused = await query('sum(tessera_deliveries_total{channel="sms", error_code="21211"})');
    expect(Number(refused[0]!.value![1])).toBeGreaterThan(0);
    load.refuseSms(false);
    await until('the alert to resolve', async () =>
      (await alertState('TesseraDeliveryFailureRateHigh', sms)) === 'inactive' ? true : undefined,
    );
  });
});

/** The panels' data over the run, for the picture of the dashboard (docs/dashboard.png). */
async function savePanelData(start: number): Promise<void> {
  const end = Date.now() / 1000;
  const rendered = [];
  for (const panel of panels()) {
    const targets = [];
    for (const target of panel.targets) {
      // the panel's query over the windows of this one-minute run, as the rules were
      const url = `${PROMETHEUS}/api/v1/query_range?query=${encodeURIComponent(shortened(target.expr))}&start=${start}&end=${end}&step=1`;
      const body = (await (await fetch(url)).json()) as { data?: { result: Series[] } };
      targets.push({ ...target, result: body.data?.result ?? [] });
    }
    rendered.push({ ...panel, targets });
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, 'dashboard-data.json');
  writeFileSync(file, JSON.stringify({ start, end, panels: rendered }));
  // drawn by scripts/render-dashboard.py (matplotlib, test venv) on demand, not here: it costs ~9 s of CPU
}

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './app-process';

/**
 * No Docker engine or compose plugin runs here, so the deployment files are checked for what can be checked:
 * they parse, every app service builds from the one Dockerfile with an APP that exists, every variable an app
 * requires is given, and each Kubernetes document is well-formed.
 */
describe('deployment files', () => {
  const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
  const apps = readdirSync(join(REPO_ROOT, 'apps'));

  it('builds every app from the one Dockerfile with an existing APP', () => {
    for (const app of apps) {
      const service = compose.services[app];
      expect(service).toBeDefined();
      expect(service.build.dockerfile).toBe('Dockerfile');
      expect(service.build.args.APP).toBe(app);
    }
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.mongo.image).toMatch(/^mongo:/);
    expect(compose.services.topics.command.join(' ')).toContain('provision-topics');
    expect(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')).toContain('dist/apps/${TESSERA_APP}/src/main.js');
  });

  it('gives each app the variables its configuration requires', () => {
    const required: Record<string, string[]> = {
      gateway: ['ADMIN_TOKEN', 'GATEWAY_BUS_SECRET', 'KAFKA_BROKERS', 'MONGO_URL'],
      'otp-service': [
        'OTP_CODE_HMAC_SECRET',
        'OTP_SEAL_KEYS',
        'OTP_SEAL_ACTIVE_KID',
        'GATEWAY_BUS_SECRET',
        'KAFKA_BROKERS',
      ],
      'channel-whatsapp': [
        'OTP_SEAL_KEYS',
        'WHATSAPP_PHONE_NUMBER_ID',
        'WHATSAPP_ACCESS_TOKEN',
        'WHATSAPP_APP_SECRET',
        'WHATSAPP_VERIFY_TOKEN',
      ],
      'channel-sms': [
        'OTP_SEAL_KEYS',
        'SMS_PROVIDER',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'SMS_STATUS_CALLBACK_URL',
      ],
      'channel-email': ['OTP_SEAL_KEYS', 'SMTP_HOST'],
    };
    for (const [app, names] of Object.entries(required)) {
      const env = compose.services[app].environment;
      for (const name of names) expect(Object.keys(env)).toContain(name);
    }
  });

  it('has a complete example env for compose', () => {
    const example = readFileSync(join(REPO_ROOT, 'deploy', 'compose.env.example'), 'utf8');
    const needed = new Set(
      [...readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8').matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]),
    );
    for (const name of needed) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('has well-formed Kubernetes manifests, one per app, and a lag-based scaler per channel', () => {
    const dir = join(REPO_ROOT, 'deploy', 'k8s');
    const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
    for (const file of kustomization.resources as string[]) {
      expect(existsSync(join(dir, file))).toBe(true);
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
        expect(doc.errors).toEqual([]);
        const value = doc.toJS();
        if (value)
          expect(value).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String) }));
      }
    }
    const scalers = parseAllDocuments(readFileSync(join(dir, 'scaling.yaml'), 'utf8')).map((d) => d.toJS());
    for (const channel of ['whatsapp', 'sms', 'email']) {
      expect(scalers.find((s) => s.spec.triggers[0].metadata.topic === `otp.requested.${channel}`)).toBeDefined();
    }
  });

  it('provisions a Grafana dashboard that reads metrics the apps export', () => {
    const dashboard = JSON.parse(
      readFileSync(join(REPO_ROOT, 'deploy', 'grafana', 'dashboards', 'tessera.json'), 'utf8'),
    );
    const exprs = dashboard.panels
      .flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr))
      .join('\n');
    const source = [
      'libs/observability/src/metrics.registry.ts',
      'libs/channel-kit/src/delivery-outcome.publisher.ts',
      'libs/channel-kit/src/record-receipt.use-case.ts',
      'apps/otp-service/src/verifications/verification.metrics.ts',
      'apps/otp-service/src/outbox/outbox.publisher.ts',
      'libs/observability/src/readiness.metric.ts',
      'libs/persistence/src/command-counter.ts',
    ]
      .map((f) => readFileSync(join(REPO_ROOT, f), 'utf8'))
      .join('\n');
    const rules = readFileSync(join(REPO_ROOT, 'deploy', 'prometheus', 'alerts.yml'), 'utf8');
    for (const metric of new Set(exprs.match(/tessera_[a-z0-9_]+/g) as string[])) {
      // prom-client's default process and Node.js metrics, under the registry's `tessera_` prefix
      if (/^tessera_(process|nodejs)_/.test(metric)) continue;
      expect(source).toContain(metric.replace(/_(bucket|count|sum)$/, ''));
    }
    for (const recorded of new Set(exprs.match(/tessera:[a-z0-9_:]+/g) ?? [])) {
      expect(rules).toContain(`record: ${recorded}`);
    }
  });
});

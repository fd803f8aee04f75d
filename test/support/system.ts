import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Loaded by Jest's global setup, which has no @tessera path mapping: import the files directly.
import { REPO_ROOT, startApp, type AppProcess } from '../../libs/testing/src/app-process';
import { generateTestSecrets } from '../../libs/testing/src/test-secrets';

/** Where the end-to-end system listens; distinct from the local system's ports so both can coexist on disk. */
export const E2E_PORTS = {
  gateway: 13000,
  otpService: 13001,
  whatsapp: 13002,
  sms: 13003,
  email: 13004,
  sandbox: 14000,
  smtp: 12525,
  smpp: 12775,
} as const;

export interface SystemState {
  runId: string;
  secrets: Record<string, string>;
  pids: Record<string, number>;
}

export const STATE_FILE = join(REPO_ROOT, '.local', 'test-state', 'e2e-system.json');
export const SEEN_CODES_FILE = join(REPO_ROOT, '.local', 'test-state', 'seen-codes.txt');
/** Every secret the suites created or were given (one per line): the leak scan looks for each of them. */
export const SEEN_SECRETS_FILE = join(REPO_ROOT, '.local', 'test-state', 'seen-secrets.txt');

/** Notes a secret for the leak scan (test/leak-scan), with what it is: `label<TAB>value`. */
export function rememberSecret(label: string, value: string): void {
  mkdirSync(join(REPO_ROOT, '.local', 'test-state'), { recursive: true });
  appendFileSync(SEEN_SECRETS_FILE, `${label}\t${value}\n`);
}

export function saveState(state: SystemState): void {
  mkdirSync(join(REPO_ROOT, '.local', 'test-state'), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function loadState(): SystemState {
  if (!existsSync(STATE_FILE)) throw new Error('the e2e system is not running (jest globalSetup did not run)');
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SystemState;
}

export function newSystemState(): SystemState {
  return { runId: Date.now().toString(36), secrets: generateTestSecrets(), pids: {} };
}

const base = (s: SystemState) => ({
  ...s.secrets,
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  MONGO_URL: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
  // debug: the leak scan then reads every line any level writes, and the tracing suite follows a flow that went
  // well (its lines are debug only)
  LOG_LEVEL: 'debug',
});

/** Each app's environment for the end-to-end system; tests may start extra copies with overrides. */
export const appEnv = {
  sandbox: (s: SystemState) => ({
    ...base(s),
    SANDBOX_HTTP_PORT: String(E2E_PORTS.sandbox),
    SANDBOX_SMTP_PORT: String(E2E_PORTS.smtp),
    SANDBOX_SMPP_PORT: String(E2E_PORTS.smpp),
    SANDBOX_WHATSAPP_WEBHOOK_URL: `http://127.0.0.1:${E2E_PORTS.whatsapp}/webhooks/whatsapp`,
    SANDBOX_CALLBACK_DELAY_MS: '100',
    // the slow provider's answer: long enough that a neighbour's send on a busy 2-core host finishes well inside it
    SANDBOX_SLOW_DELAY_MS: '5000',
    SANDBOX_TWILIO_ACCOUNT_SID: 'ACsandbox0000000000000000000000000',
  }),
  'otp-service': (s: SystemState) => ({
    ...base(s),
    MONGO_DB: `e2e_${s.runId}_otp`,
    OUTBOX_RELAY_INTERVAL_MS: '300',
  }),
  'channel-email': (s: SystemState) => ({
    ...base(s),
    MONGO_DB: `e2e_${s.runId}_email`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(E2E_PORTS.smtp),
    SEND_RETRY_BASE_MS: '50',
  }),
  'channel-whatsapp': (s: SystemState) => ({
    ...base(s),
    MONGO_DB: `e2e_${s.runId}_whatsapp`,
    WHATSAPP_GRAPH_BASE_URL: `http://127.0.0.1:${E2E_PORTS.sandbox}/whatsapp`,
    WHATSAPP_ACCESS_TOKEN: s.secrets.SANDBOX_WHATSAPP_TOKEN,
    WHATSAPP_APP_SECRET: s.secrets.SANDBOX_WHATSAPP_APP_SECRET,
    WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
    WHATSAPP_VERIFY_TOKEN: s.secrets.WHATSAPP_VERIFY_TOKEN,
    SEND_RETRY_BASE_MS: '50',
  }),
  'channel-sms': (s: SystemState) => ({
    ...base(s),
    MONGO_DB: `e2e_${s.runId}_sms`,
    SMS_PROVIDER: 'twilio',
    TWILIO_BASE_URL: `http://127.0.0.1:${E2E_PORTS.sandbox}/twilio`,
    TWILIO_ACCOUNT_SID: 'ACsandbox0000000000000000000000000',
    TWILIO_AUTH_TOKEN: s.secrets.SANDBOX_TWILIO_AUTH_TOKEN,
    TWILIO_FROM: '+15005550006',
    SMS_STATUS_CALLBACK_URL: `http://127.0.0.1:${E2E_PORTS.sms}/webhooks/twilio`,
    SMPP_HOST: '127.0.0.1',
    SMPP_PORT: String(E2E_PORTS.smpp),
    SMPP_SYSTEM_ID: 'tessera',
    SMPP_PASSWORD: 'secret',
    SMPP_SOURCE_ADDR: '+15005550006',
    SEND_RETRY_BASE_MS: '50',
  }),
  gateway: (s: SystemState) => ({
    ...base(s),
    MONGO_DB: `e2e_${s.runId}_gateway`,
    REPLY_GROUP_ID: 'e2e-gateway-replies',
    THROTTLE_PER_IP_PER_MINUTE: '100000',
  }),
};

export type AppName = keyof typeof appEnv;

const PORT_OF: Record<AppName, number> = {
  sandbox: E2E_PORTS.sandbox,
  'otp-service': E2E_PORTS.otpService,
  'channel-email': E2E_PORTS.email,
  'channel-whatsapp': E2E_PORTS.whatsapp,
  'channel-sms': E2E_PORTS.sms,
  gateway: E2E_PORTS.gateway,
};

export function appAvailable(name: AppName): boolean {
  return existsSync(join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js'));
}

export function startSystemApp(
  name: AppName,
  state: SystemState,
  overrides: Record<string, string> = {},
): Promise<AppProcess> {
  return startApp(name, PORT_OF[name], { ...appEnv[name](state), ...overrides }, '/health/ready');
}

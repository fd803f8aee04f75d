import { z } from 'zod';

/** Injection token of the validated {@link SandboxConfig}. */
export const SANDBOX_CONFIG = Symbol('SANDBOX_CONFIG');

const port = z.coerce.number().int().min(0).max(65535);
const nonEmpty = z.string().min(1);

/**
 * The sandbox's environment. Every variable is optional; the defaults match the local stack
 * (deploy/local) and the channel services' own defaults.
 */
export const sandboxEnvSchema = z.object({
  SANDBOX_HOST: nonEmpty.default('127.0.0.1'),
  SANDBOX_HTTP_PORT: port.default(4000),
  SANDBOX_SMTP_PORT: port.default(2525),
  SANDBOX_SMPP_PORT: port.default(2775),
  SANDBOX_WHATSAPP_TOKEN: nonEmpty.default('sandbox-whatsapp-token'),
  SANDBOX_WHATSAPP_APP_SECRET: nonEmpty.default('sandbox-app-secret'),
  SANDBOX_WHATSAPP_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  SANDBOX_TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-zA-Z]{32}$/, 'must be "AC" followed by 32 letters or digits (34 characters)')
    .default('ACsandbox0000000000000000000000000'),
  SANDBOX_TWILIO_AUTH_TOKEN: nonEmpty.default('sandbox-twilio-token'),
  SANDBOX_SMPP_SYSTEM_ID: nonEmpty.max(15, 'SMPP system_id is at most 15 characters').default('tessera'),
  SANDBOX_SMPP_PASSWORD: nonEmpty.max(8, 'SMPP password is at most 8 characters').default('secret'),
  SANDBOX_CALLBACK_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(200),
  SANDBOX_SLOW_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  SANDBOX_INBOX_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(5000),
});

export interface SandboxConfig {
  host: string;
  httpPort: number;
  smtpPort: number;
  smppPort: number;
  whatsapp: { token: string; appSecret: string; webhookUrl?: string };
  twilio: { accountSid: string; authToken: string };
  smpp: { systemId: string; password: string };
  /** Pause before each status callback (and between two of them). */
  callbackDelayMs: number;
  /** How long the `slow` fate holds its answer. */
  slowDelayMs: number;
  /** Messages kept in memory; the oldest go first. */
  inboxLimit: number;
}

export class SandboxConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `sandbox: invalid configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'SandboxConfigError';
  }
}

/** Validates the environment once and reports every problem together (values are never echoed: some are secrets). */
export function loadSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('SANDBOX_') && value !== ''),
  );
  const result = sandboxEnvSchema.safeParse(present);
  if (!result.success) {
    throw new SandboxConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = result.data;
  return {
    host: e.SANDBOX_HOST,
    httpPort: e.SANDBOX_HTTP_PORT,
    smtpPort: e.SANDBOX_SMTP_PORT,
    smppPort: e.SANDBOX_SMPP_PORT,
    whatsapp: {
      token: e.SANDBOX_WHATSAPP_TOKEN,
      appSecret: e.SANDBOX_WHATSAPP_APP_SECRET,
      webhookUrl: e.SANDBOX_WHATSAPP_WEBHOOK_URL,
    },
    twilio: { accountSid: e.SANDBOX_TWILIO_ACCOUNT_SID, authToken: e.SANDBOX_TWILIO_AUTH_TOKEN },
    smpp: { systemId: e.SANDBOX_SMPP_SYSTEM_ID, password: e.SANDBOX_SMPP_PASSWORD },
    callbackDelayMs: e.SANDBOX_CALLBACK_DELAY_MS,
    slowDelayMs: e.SANDBOX_SLOW_DELAY_MS,
    inboxLimit: e.SANDBOX_INBOX_LIMIT,
  };
}

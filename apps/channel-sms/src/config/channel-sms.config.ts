import { z } from 'zod';
import { ChannelEnv } from '@tessera/channel-kit';

export const SmsProviderIds = ['twilio', 'smpp'] as const;
export type SmsProviderId = (typeof SmsProviderIds)[number];

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const rate = z.coerce.number().min(0.1).max(10000);

/**
 * Twilio accepts an E.164 number, a short code or an alphanumeric sender id (at most 11 characters, with a
 * letter); SMPP's source_addr takes the same kinds.
 */
const senderId = z
  .string()
  .regex(
    /^(\+?[1-9]\d{2,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/,
    'must be an E.164 number, a short code or an alphanumeric sender id of at most 11 characters',
  );

/** What each provider needs beyond its defaults. Names are env variables; the "or" entry is checked apart. */
const REQUIRED_BY_PROVIDER: Readonly<Record<SmsProviderId, readonly string[]>> = {
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'SMS_STATUS_CALLBACK_URL'],
  smpp: ['SMPP_HOST', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD', 'SMPP_SOURCE_ADDR'],
};
const TWILIO_SENDER = 'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID';

export const ChannelSmsEnvSchema = z
  .object({
    ...ChannelEnv,
    PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    MONGO_DB: z.string().min(1).default('tessera_channel_sms'),
    KAFKA_GROUP_ID: z.string().min(1).default('channel-sms'),
    SMS_PROVIDER: z.enum(SmsProviderIds).default('twilio'),

    /** API base URL; the sandbox's is `http://127.0.0.1:4000/twilio`. */
    TWILIO_BASE_URL: httpUrl.default('https://api.twilio.com').transform((url) => url.replace(/\/+$/, '')),
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-zA-Z]{32}$/, 'must be "AC" followed by 32 letters or digits')
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    TWILIO_FROM: senderId.optional(),
    TWILIO_MESSAGING_SERVICE_SID: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'must be "MG" followed by 32 hex digits')
      .optional(),
    /**
     * The public URL of POST /webhooks/twilio exactly as Twilio is told it (StatusCallback): callback signatures
     * are checked against it, not against the URL the request seems to have behind a proxy.
     */
    SMS_STATUS_CALLBACK_URL: httpUrl.optional(),
    TWILIO_RATE_PER_SECOND: rate.default(100),
    TWILIO_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),

    SMPP_HOST: z.string().min(1).optional(),
    SMPP_PORT: z.coerce.number().int().min(1).max(65535).default(2775),
    SMPP_SYSTEM_ID: z.string().min(1).max(15, 'SMPP system_id is at most 15 characters').optional(),
    SMPP_PASSWORD: z.string().min(1).max(8, 'SMPP password is at most 8 characters').optional(),
    SMPP_SOURCE_ADDR: senderId.optional(),
    /** The SMSC's throughput limit: submit_sm per second. */
    SMPP_TPS: rate.default(10),
    SMPP_ENQUIRE_LINK_MS: z.coerce.number().int().min(1000).max(600000).default(30000),
    /** How long a send waits for a bound session (while reconnecting) before it is retried later. */
    SMPP_BIND_WAIT_MS: z.coerce.number().int().min(100).max(120000).default(15000),
    /** How long a submit_sm (or bind, enquire_link, unbind) waits for its response. */
    SMPP_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  })
  .superRefine(
    (env, ctx) => {
      // Runs even when other variables are invalid (`when` below), so every problem is reported together:
      // `env` may then hold raw values, hence the defensive reads.
      const provider = (env as { SMS_PROVIDER?: unknown }).SMS_PROVIDER ?? 'twilio';
      if (provider !== 'twilio' && provider !== 'smpp') return;
      const values = env as unknown as Record<string, unknown>;
      for (const name of REQUIRED_BY_PROVIDER[provider]) {
        if (values[name] === undefined) {
          ctx.addIssue({ code: 'custom', path: [name], message: `is required when SMS_PROVIDER=${provider}` });
        }
      }
      if (
        provider === 'twilio' &&
        values.TWILIO_FROM === undefined &&
        values.TWILIO_MESSAGING_SERVICE_SID === undefined
      ) {
        ctx.addIssue({ code: 'custom', path: [TWILIO_SENDER], message: `is required when SMS_PROVIDER=twilio` });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export type ChannelSmsEnv = z.infer<typeof ChannelSmsEnvSchema>;

/** A provider setting the schema made required for the selected provider. */
export function requiredSetting<K extends keyof ChannelSmsEnv>(
  env: ChannelSmsEnv,
  name: K,
): NonNullable<ChannelSmsEnv[K]> {
  const value = env[name];
  if (value === undefined || value === null) {
    throw new Error(`${String(name)} is missing: ChannelSmsEnvSchema requires it for SMS_PROVIDER=${env.SMS_PROVIDER}`);
  }
  return value;
}

import { z } from 'zod';
import { ChannelEnv } from '@tessera/channel-kit';

export const ChannelWhatsappEnvSchema = z.object({
  ...ChannelEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  MONGO_DB: z.string().min(1).default('tessera_channel_whatsapp'),
  KAFKA_GROUP_ID: z.string().min(1).default('channel-whatsapp'),
  /** Meta's Graph API host (the sandbox locally: `http://127.0.0.1:4000/whatsapp`); no trailing slash needed. */
  WHATSAPP_GRAPH_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s) URL')
    .default('https://graph.facebook.com')
    .transform((url) => url.replace(/\/+$/, '')),
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v21.0')
    .default('v21.0'),
  /** The business phone number's id in the WhatsApp Manager (not the phone number itself). */
  WHATSAPP_PHONE_NUMBER_ID: z.string().regex(/^\d{1,32}$/, 'must be the numeric phone number id'),
  /** A system-user access token with `whatsapp_business_messaging`. */
  WHATSAPP_ACCESS_TOKEN: z.string().min(1),
  /** The Meta app's secret: key of the `X-Hub-Signature-256` webhook signature. */
  WHATSAPP_APP_SECRET: z.string().min(1),
  /** What Meta must present in the webhook verification handshake (`hub.verify_token`). */
  WHATSAPP_VERIFY_TOKEN: z.string().min(1),
  /** Cloud API throughput per business number: 80 messages/s by default (up to 1000 when Meta upgrades it). */
  WHATSAPP_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10000).default(80),
  WHATSAPP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
});

export type ChannelWhatsappEnv = z.infer<typeof ChannelWhatsappEnvSchema>;

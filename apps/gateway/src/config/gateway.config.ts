import { z } from 'zod';
import { HttpEnv, KafkaEnv, LogEnv, MongoEnv, secretKey } from '@tessera/config';

export const GatewayEnvSchema = z.object({
  ...KafkaEnv,
  ...MongoEnv,
  ...HttpEnv(3000),
  ...LogEnv,
  MONGO_DB: z.string().min(1).default('tessera_gateway'),
  /** Guards /admin; send it as `X-Admin-Token`. */
  ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  /** Signs the commands the gateway forwards (shared with the otp-service). */
  GATEWAY_BUS_SECRET: secretKey,
  REPLY_GROUP_ID: z.string().min(1).default('gateway-replies'),
  BUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(10000),
  THROTTLE_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(600000).default(30000),
  /** Proxies whose X-Forwarded-For is believed for per-IP throttling: `false`, a hop count, or comma-separated addresses/CIDRs. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string[] =>
      v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v.split(',').map((s) => s.trim()),
    ),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16384),
});

export type GatewayEnv = z.infer<typeof GatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

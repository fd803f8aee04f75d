import { z } from 'zod';
import { HttpEnv, KafkaEnv, LogEnv, MongoEnv, sealKeyRing, secretKey } from '@tessera/config';

export const OtpServiceEnvSchema = z
  .object({
    ...KafkaEnv,
    ...MongoEnv,
    ...HttpEnv(3001),
    ...LogEnv,
    MONGO_DB: z.string().min(1).default('tessera_otp'),
    KAFKA_GROUP_ID: z.string().min(1).default('otp-service'),
    /** HMAC-SHA256 key for codes at rest (base64, 32+ bytes). */
    OTP_CODE_HMAC_SECRET: secretKey,
    /** AES-256-GCM keys shared with the channel services: `kid:base64,kid2:base64`. */
    OTP_SEAL_KEYS: sealKeyRing,
    OTP_SEAL_ACTIVE_KID: z.string().min(1),
    /** The gateway signs the commands it forwards with this key (it may act for any tenant). */
    GATEWAY_BUS_SECRET: secretKey,
    /** Each owned partition's tick: retries unpublished events and trims its live list (only when there is work). */
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).max(600000).default(1000),
    /** Publish events right after the write that produced them (`false` leaves them to the tick). */
    OUTBOX_INLINE_PUBLISH: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** Records kept in memory beyond the live ones (the working set of the owned partitions). */
    WORKING_SET_MAX_RECORDS: z.coerce.number().int().min(100).max(10_000_000).default(5_000),
    RETENTION_DAYS: z.coerce.number().min(0).max(3650).default(30),
    /** How often each owned partition's retired batches that are due are deleted (by `_id`, a few at a time). */
    RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(5_000),
    /** Retention's backstop: its deletes scan whole collections on FerretDB v1, so it runs rarely. */
    RETENTION_SCAN_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(60_000)
      .max(30 * 86_400_000)
      .default(86_400_000),
  })
  .refine((env) => env.OTP_SEAL_KEYS.has(env.OTP_SEAL_ACTIVE_KID), {
    message: 'must name one of the OTP_SEAL_KEYS',
    path: ['OTP_SEAL_ACTIVE_KID'],
    when: (payload) => {
      const env = payload.value as { OTP_SEAL_KEYS?: unknown; OTP_SEAL_ACTIVE_KID?: unknown };
      return env.OTP_SEAL_KEYS instanceof Map && typeof env.OTP_SEAL_ACTIVE_KID === 'string';
    },
  });

export type OtpServiceEnv = z.infer<typeof OtpServiceEnvSchema>;

/** DI token for the validated configuration; tests provide their own. */
export const OTP_SERVICE_CONFIG = Symbol('OTP_SERVICE_CONFIG');

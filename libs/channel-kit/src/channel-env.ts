import { z } from 'zod';
import { KafkaEnv, LogEnv, MongoEnv, sealKeyRing } from '@tessera/config';

/** Environment every channel app shares (the app adds its port and provider settings). */
export const ChannelEnv = {
  ...KafkaEnv,
  ...MongoEnv,
  ...LogEnv,
  HOST: z.string().min(1).default('127.0.0.1'),
  OTP_SEAL_KEYS: sealKeyRing,
  OTP_SEAL_ACTIVE_KID: z.string().min(1),
  SEND_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(8),
  SEND_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60000).default(250),
  SEND_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10000).default(64),
  DELIVERY_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
};

import { z } from 'zod';
import { ChannelEnv } from '@tessera/channel-kit';

export const ChannelEmailEnvSchema = z.object({
  ...ChannelEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  MONGO_DB: z.string().min(1).default('tessera_channel_email'),
  KAFKA_GROUP_ID: z.string().min(1).default('channel-email'),
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** `true`: TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_REQUIRE_TLS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  SMTP_TLS_REJECT_UNAUTHORIZED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default('Tessera <no-reply@tessera.local>'),
  SMTP_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10000).default(50),
});

export type ChannelEmailEnv = z.infer<typeof ChannelEmailEnvSchema>;

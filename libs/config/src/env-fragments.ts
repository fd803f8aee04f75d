import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

export const commaList = z
  .string()
  .min(1)
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );

export const KafkaEnv = {
  KAFKA_BROKERS: commaList.default(['127.0.0.1:9092']),
};

export const MongoEnv = {
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .default('mongodb://127.0.0.1:27017'),
};

export const HttpEnv = (defaultPort: number) => ({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(defaultPort),
});

export const LogEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** A secret of at least 32 bytes given as base64/base64url. */
export const secretKey = z
  .string()
  .min(43, 'must be at least 32 bytes, base64-encoded')
  .transform((s, ctx) => {
    const buf = Buffer.from(s, 'base64');
    if (buf.length < 32) ctx.addIssue({ code: 'custom', message: 'must decode to at least 32 bytes' });
    return buf;
  });

/** `kid:base64key,kid2:base64key`, each key exactly 32 bytes (AES-256). */
export const sealKeyRing = z.string().transform((s, ctx) => {
  const keys = new Map<string, Buffer>();
  for (const part of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kid, b64] = part.split(':');
    const key = b64 ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (!kid || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: `entry "${kid ?? '?'}" must be kid:<32 bytes base64>` });
      continue;
    }
    keys.set(kid, key);
  }
  if (keys.size === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one kid:key' });
  return keys;
});

import { z } from 'zod';
import { Channels } from './topics';

export const ChannelSchema = z.enum(Channels);
export const LocaleSchema = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'locale like "en" or "pt-BR"');
export const VerificationIdSchema = z.string().regex(/^vf_[0-9a-f]{32}$/, 'verification id like vf_<32 hex>');
export const CodeSchema = z.string().regex(/^[0-9]{4,10}$/, '4 to 10 digits');

/** A code sealed with AES-256-GCM; `kid` names the key so keys can rotate. Base64 fields. */
export const SealedCodeSchema = z
  .object({ kid: z.string().min(1).max(64), iv: z.string().min(1), ct: z.string().min(1), tag: z.string().min(1) })
  .strict();
export type SealedCode = z.infer<typeof SealedCodeSchema>;

export const DeliveryStatusSchema = z.enum(['queued', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export const VerificationStatusSchema = z.enum([
  'pending',
  'approved',
  'canceled',
  'expired',
  'max_attempts_reached',
  'failed',
]);
export type VerificationStatus = z.infer<typeof VerificationStatusSchema>;

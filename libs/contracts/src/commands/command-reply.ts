import { z } from 'zod';
import { ChannelSchema, DeliveryStatusSchema, VerificationStatusSchema } from '../common.schemas';

export const DeliveryAttemptViewSchema = z.object({
  attempt: z.number().int(),
  channel: ChannelSchema,
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  status: DeliveryStatusSchema,
  errorCode: z.string().nullable(),
  history: z.array(z.object({ status: DeliveryStatusSchema, at: z.string(), errorCode: z.string().nullable() })),
  requestedAt: z.string(),
});

export const VerificationViewSchema = z.object({
  id: z.string(),
  status: VerificationStatusSchema,
  reason: z.string().nullable(),
  to: z.string(),
  channel: ChannelSchema,
  plan: z.array(ChannelSchema),
  expiresAt: z.string(),
  attemptsRemaining: z.number().int(),
  sendsRemaining: z.number().int(),
  resendAvailableAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  deliveries: z.array(DeliveryAttemptViewSchema),
});
export type VerificationView = z.infer<typeof VerificationViewSchema>;

export const CheckResultSchema = z.object({
  id: z.string(),
  status: VerificationStatusSchema,
  valid: z.boolean(),
  reason: z.string().nullable(),
  attemptsRemaining: z.number().int(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const CommandErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type CommandError = z.infer<typeof CommandErrorSchema>;

/** The body of every `<command>.reply` message. */
export const CommandReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: CommandErrorSchema }),
]);
export type CommandReply<R = unknown> = { ok: true; result: R } | { ok: false; error: CommandError };

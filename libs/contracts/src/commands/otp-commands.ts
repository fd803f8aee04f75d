import { z } from 'zod';
import { defineMessage } from '../envelope';
import { ChannelSchema, LocaleSchema, SealedCodeSchema, VerificationIdSchema } from '../common.schemas';

const MetadataSchema = z
  .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((m) => Object.keys(m).length <= 20, 'at most 20 keys');

export const RequestVerificationFields = z
  .object({
    to: z.string().trim().min(3).max(320),
    channel: ChannelSchema.optional(),
    channels: z.array(ChannelSchema).min(1).max(3).optional(),
    locale: LocaleSchema.optional(),
    codeLength: z.number().int().min(4).max(10).optional(),
    ttlSeconds: z.number().int().min(30).max(600).optional(),
    metadata: MetadataSchema.optional(),
    /** Set by the gateway from the Idempotency-Key header, or by a bus client itself. */
    idempotencyKey: z.string().min(1).max(255).optional(),
  })
  .strict();

/** Plan rules shared by the bus command and the HTTP body. */
export function checkPlan(p: { channel?: string; channels?: string[] }, ctx: z.RefinementCtx): void {
  if (p.channel && p.channels)
    ctx.addIssue({ code: 'custom', message: 'give channel or channels, not both', path: ['channels'] });
  if (p.channels && new Set(p.channels).size !== p.channels.length) {
    ctx.addIssue({ code: 'custom', message: 'channels must not repeat', path: ['channels'] });
  }
}

export const RequestVerificationPayloadSchema = RequestVerificationFields.superRefine(checkPlan);
export type RequestVerificationPayload = z.infer<typeof RequestVerificationPayloadSchema>;

/** The typed code travels sealed (see libs/crypto secret-seal): never in plain text on the bus. */
export const CheckVerificationPayloadSchema = z
  .object({
    verificationId: VerificationIdSchema.optional(),
    to: z.string().trim().min(3).max(320).optional(),
    sealedCode: SealedCodeSchema,
  })
  .strict()
  .refine((p) => Boolean(p.verificationId) !== Boolean(p.to), {
    message: 'give exactly one of verificationId or to',
    path: ['verificationId'],
  });
export type CheckVerificationPayload = z.infer<typeof CheckVerificationPayloadSchema>;

export const ResendVerificationPayloadSchema = z
  .object({ verificationId: VerificationIdSchema, channel: ChannelSchema.optional() })
  .strict();
export type ResendVerificationPayload = z.infer<typeof ResendVerificationPayloadSchema>;

export const VerificationRefPayloadSchema = z.object({ verificationId: VerificationIdSchema }).strict();
export type VerificationRefPayload = z.infer<typeof VerificationRefPayloadSchema>;

/** A read by id or, like a check, by destination (the destination's latest verification). */
export const GetVerificationPayloadSchema = z
  .object({ verificationId: VerificationIdSchema.optional(), to: z.string().trim().min(3).max(320).optional() })
  .strict()
  .refine((p) => Boolean(p.verificationId) !== Boolean(p.to), {
    message: 'give exactly one of verificationId or to',
    path: ['verificationId'],
  });
export type GetVerificationPayload = z.infer<typeof GetVerificationPayloadSchema>;

export const RequestVerificationV1 = defineMessage('RequestVerification', 1, RequestVerificationPayloadSchema);
export const CheckVerificationV1 = defineMessage('CheckVerification', 1, CheckVerificationPayloadSchema);
export const ResendVerificationV1 = defineMessage('ResendVerification', 1, ResendVerificationPayloadSchema);
export const CancelVerificationV1 = defineMessage('CancelVerification', 1, VerificationRefPayloadSchema);
export const GetVerificationV1 = defineMessage('GetVerification', 1, GetVerificationPayloadSchema);
/** Approves a pending verification without a code: the client verified the person another way. */
export const ApproveVerificationV1 = defineMessage('ApproveVerification', 1, VerificationRefPayloadSchema);

import { z } from 'zod';
import { defineMessage } from '../envelope';
import { ChannelSchema, VerificationStatusSchema } from '../common.schemas';

/** Fan-in event on `otp.events` for every state change, for product services and audit. */
export const OtpLifecyclePayloadSchema = z
  .object({
    status: VerificationStatusSchema,
    reason: z.string().max(200).nullable(),
    channel: ChannelSchema.nullable(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();

export const OtpLifecycleV1 = defineMessage('OtpLifecycle', 1, OtpLifecyclePayloadSchema);
export type OtpLifecyclePayload = z.infer<typeof OtpLifecyclePayloadSchema>;

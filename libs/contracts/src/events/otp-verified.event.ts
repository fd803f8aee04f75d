import { z } from 'zod';
import { defineMessage } from '../envelope';
import { ChannelSchema } from '../common.schemas';

export const OtpVerifiedPayloadSchema = z
  .object({
    channel: ChannelSchema,
    checkAttempt: z.number().int().min(1),
    verifiedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const OtpVerifiedV1 = defineMessage('OtpVerified', 1, OtpVerifiedPayloadSchema);
export type OtpVerifiedPayload = z.infer<typeof OtpVerifiedPayloadSchema>;

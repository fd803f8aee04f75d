import { z } from 'zod';
import { defineMessage } from '../envelope';
import { ChannelSchema } from '../common.schemas';

export const OtpDeliveredPayloadSchema = z
  .object({
    channel: ChannelSchema,
    attempt: z.number().int().min(1).max(100),
    provider: z.string().min(1).max(64),
    providerMessageId: z.string().min(1).max(200).nullable(),
    status: z.enum(['sent', 'delivered', 'read', 'failed']),
    errorCode: z.string().max(64).nullable(),
    errorMessage: z.string().max(500).nullable(),
    /** For `failed`: true when retrying this channel cannot help (fallback to the next channel). */
    permanent: z.boolean(),
    at: z.iso.datetime({ offset: true }),
    latencyMs: z.number().int().min(0).nullable(),
  })
  .strict();

export const OtpDeliveredV1 = defineMessage('OtpDelivered', 1, OtpDeliveredPayloadSchema);
export type OtpDeliveredPayload = z.infer<typeof OtpDeliveredPayloadSchema>;

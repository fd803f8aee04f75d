import { z } from 'zod';
import { defineMessage } from '../envelope';
import { ChannelSchema, LocaleSchema, SealedCodeSchema } from '../common.schemas';

/** Text the channel renders: `{code}`, `{brand}` and `{minutes}` are substituted. Resolved for the locale upstream. */
export const MessageTemplateSchema = z
  .object({
    locale: LocaleSchema,
    text: z.string().min(1).max(1000),
    subject: z.string().min(1).max(200).optional(),
    html: z.string().min(1).max(20000).optional(),
    whatsappTemplate: z.string().min(1).max(512).optional(),
  })
  .strict();
export type MessageTemplate = z.infer<typeof MessageTemplateSchema>;

export const OtpRequestedPayloadSchema = z
  .object({
    channel: ChannelSchema,
    attempt: z.number().int().min(1).max(100),
    to: z.string().min(3).max(320),
    brand: z.string().min(1).max(100),
    template: MessageTemplateSchema,
    sealedCode: SealedCodeSchema,
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const OtpRequestedV1 = defineMessage('OtpRequested', 1, OtpRequestedPayloadSchema);
export type OtpRequestedPayload = z.infer<typeof OtpRequestedPayloadSchema>;

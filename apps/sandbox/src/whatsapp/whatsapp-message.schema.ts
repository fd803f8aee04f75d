import { z } from 'zod';

/** Meta accepts numbers with or without `+`, spaces, dashes and parentheses. */
const phone = z
  .string()
  .refine(
    (value) => /^\+?[\d\s().-]+$/.test(value) && /^\d{6,15}$/.test(value.replace(/\D/g, '')),
    'is not a phone number',
  );

const textParameter = z.looseObject({ type: z.literal('text'), text: z.string().min(1) });
const otherParameter = z.looseObject({
  type: z.enum(['currency', 'date_time', 'image', 'document', 'video', 'payload', 'coupon_code']),
});

const component = z
  .looseObject({
    type: z.enum(['header', 'body', 'button', 'footer']),
    sub_type: z.string().optional(),
    index: z.union([z.string().regex(/^\d+$/), z.number().int().min(0)]).optional(),
    parameters: z.array(z.union([textParameter, otherParameter])).optional(),
  })
  .refine((c) => c.type !== 'button' || (c.sub_type !== undefined && c.index !== undefined), {
    message: 'a button component needs sub_type and index',
  });

const envelope = {
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: phone,
  /** Echoed in every status webhook of the message (`statuses[].biz_opaque_callback_data`); Meta allows 512. */
  biz_opaque_callback_data: z.string().max(512).optional(),
};

/** A template message, e.g. an authentication template with a body parameter and a copy-code URL button. */
const templateMessage = z.looseObject({
  ...envelope,
  type: z.literal('template'),
  template: z.looseObject({
    name: z.string().min(1),
    language: z.looseObject({ code: z.string().min(2), policy: z.string().optional() }),
    components: z.array(component).optional(),
  }),
});

/** A plain text message (only inside a customer-service window on the real API; the sandbox takes it anyway). */
const textMessage = z.looseObject({
  ...envelope,
  type: z.literal('text'),
  text: z.looseObject({ body: z.string().min(1), preview_url: z.boolean().optional() }),
});

export const whatsappMessageSchema = z.discriminatedUnion('type', [templateMessage, textMessage]);
export type WhatsappMessage = z.infer<typeof whatsappMessageSchema>;

/** The text a person would read, and the parameters where the code is. */
export function describeWhatsappMessage(message: WhatsappMessage): { text: string; parameters: string[] } {
  if (message.type === 'text') return { text: message.text.body, parameters: [] };
  const parameters = (message.template.components ?? []).flatMap((c) =>
    (c.parameters ?? []).flatMap((p) => ('text' in p && typeof p.text === 'string' ? [p.text] : [])),
  );
  const { name, language } = message.template;
  return { text: `[template ${name} (${language.code})] ${parameters.join(' | ')}`.trim(), parameters };
}

import { z } from 'zod';
import { TRACEPARENT_PATTERN, TenantIdSchema } from '@tessera/contracts';

/**
 * The delivery attempt a provider message belongs to. Sent along with the message where the provider echoes it
 * in its status callbacks (Twilio's StatusCallback query, Meta's `biz_opaque_callback_data`), so a receipt needs
 * no lookup: the callback's signature proves the provider sent it and that it is what Tessera gave it.
 */
export interface DeliveryRef {
  tenantId: string;
  verificationId: string;
  attempt: number;
  /** When the OtpRequested was issued: receipts report their latency from it. */
  requestedAt: Date;
  /** The W3C trace of the OtpRequested, so a receipt's OtpDelivered continues it (absent from older refs). */
  traceparent?: string | null;
}

/** The ref's wire names, short because they travel in every callback URL; the same in every carrier. */
const Wire = z.object({
  tnt: TenantIdSchema,
  vid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  att: z.coerce.number().int().min(1).max(100),
  req: z.coerce.number().int().min(0),
  tp: z.string().regex(TRACEPARENT_PATTERN).optional(),
});

export type DeliveryRefFields = Partial<Record<keyof z.infer<typeof Wire>, string>> &
  Record<'tnt' | 'vid' | 'att' | 'req', string>;

export function deliveryRefFields(ref: DeliveryRef): DeliveryRefFields {
  return {
    tnt: ref.tenantId,
    vid: ref.verificationId,
    att: String(ref.attempt),
    req: String(ref.requestedAt.getTime()),
    ...(ref.traceparent ? { tp: ref.traceparent } : {}),
  };
}

/** The ref a callback carried back, or null when it carries none or a malformed one (nothing to match). */
export function deliveryRefFrom(fields: Partial<Record<keyof DeliveryRefFields, unknown>>): DeliveryRef | null {
  const parsed = Wire.safeParse(fields);
  if (!parsed.success) return null;
  const { tnt, vid, att, req, tp } = parsed.data;
  return {
    tenantId: tnt,
    verificationId: vid,
    attempt: att,
    requestedAt: new Date(req),
    ...(tp ? { traceparent: tp } : {}),
  };
}

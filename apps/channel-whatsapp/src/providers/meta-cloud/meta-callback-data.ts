import { deliveryRefFields, deliveryRefFrom, type DeliveryRef } from '@tessera/channel-kit';

/** Meta refuses a send whose `biz_opaque_callback_data` is longer. */
export const MAX_CALLBACK_DATA_LENGTH = 512;

/**
 * `biz_opaque_callback_data` of one send: the delivery's ref (tenant, verification, attempt, when it was requested),
 * which Meta echoes in every status webhook of the message (`statuses[].biz_opaque_callback_data`), so a status
 * names its attempt without a lookup; and the code's remaining life, so the deadline the send was made under is
 * visible on both sides. The webhook's `X-Hub-Signature-256` authenticates it.
 */
export function metaCallbackData(ref: DeliveryRef, ttlSeconds: number, now: Date): string {
  const data = JSON.stringify({
    v: 2,
    ...deliveryRefFields(ref),
    ttlSeconds,
    expiresAt: Math.floor(now.getTime() / 1000) + ttlSeconds,
  });
  if (data.length > MAX_CALLBACK_DATA_LENGTH) throw new Error(`biz_opaque_callback_data of ${data.length} characters`);
  return data;
}

/** The ref a status carried back, or null (none, an older format, or not ours). */
export function deliveryRefOfCallbackData(data: string | undefined): DeliveryRef | null {
  if (!data) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { v?: unknown }).v !== 2) return null;
  return deliveryRefFrom(parsed as Record<string, unknown>);
}

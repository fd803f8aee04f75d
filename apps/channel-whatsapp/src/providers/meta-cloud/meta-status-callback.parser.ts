import { z } from 'zod';
import type { ProviderStatusReport } from '@tessera/channel-kit';
import { deliveryRefOfCallbackData } from './meta-callback-data';
import { isPermanentDeliveryFailure } from './meta-error-map';

const MetaStatusError = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

/** One entry of `value.statuses[]`. Statuses Tessera has no use for (`deleted`, `warning`, …) are skipped. */
const MetaStatus = z.looseObject({
  id: z.string().min(1).max(200),
  status: z.string().min(1),
  /** Unix seconds, as a string (Meta) or a number. */
  timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().min(0)]),
  recipient_id: z.string().optional(),
  /** What the send put in `biz_opaque_callback_data`, echoed by Meta. */
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(MetaStatusError).optional(),
});

/** A `messages` change: statuses of messages we sent, and/or messages people sent us (ignored here). */
const MessagesChange = z.looseObject({
  field: z.literal('messages'),
  value: z.looseObject({ statuses: z.array(MetaStatus).optional() }),
});

/** Any other subscribed field (template status, account updates…): acknowledged, not read. */
const OtherChange = z.looseObject({
  field: z.string().refine((field) => field !== 'messages'),
  value: z.unknown(),
});

/** Meta's webhook body for a WhatsApp Business Account: `entry[].changes[].value.statuses[]`. */
export const MetaWebhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.union([MessagesChange, OtherChange])),
    }),
  ),
});

const STATUSES: Readonly<Record<string, ProviderStatusReport['status']>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

export type StatusCallbackParse =
  { success: true; reports: ProviderStatusReport[] } | { success: false; error: string };

/**
 * Maps a webhook body to Tessera's status reports, in the order Meta listed them. The whole body is validated
 * before anything is returned, so a malformed one changes nothing. `failed` carries Meta's first error code;
 * it is permanent unless the code is one WhatsApp could get past later (a rate limit, a transient failure). Each
 * report carries the delivery ref its `biz_opaque_callback_data` echoed (null when it had none).
 */
export function parseMetaStatusCallback(body: unknown): StatusCallbackParse {
  const parsed = MetaWebhookSchema.safeParse(body);
  if (!parsed.success) return { success: false, error: z.prettifyError(parsed.error) };
  const reports: ProviderStatusReport[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const statuses = (change as z.infer<typeof MessagesChange>).value.statuses ?? [];
      for (const status of statuses) {
        const mapped = STATUSES[status.status];
        if (!mapped) continue;
        const error = status.errors?.[0];
        const failed = mapped === 'failed';
        reports.push({
          providerMessageId: status.id,
          status: mapped,
          errorCode: failed && error ? String(error.code).slice(0, 64) : null,
          errorMessage: failed ? describeError(error) : null,
          permanent: failed && isPermanentDeliveryFailure(error?.code ?? null),
          at: new Date(Number(status.timestamp) * 1000),
          delivery: deliveryRefOfCallbackData(status.biz_opaque_callback_data),
        });
      }
    }
  }
  return { success: true, reports };
}

function describeError(error: z.infer<typeof MetaStatusError> | undefined): string | null {
  if (!error) return null;
  const text = [error.title ?? error.message, error.error_data?.details].filter(Boolean).join(': ');
  return text ? text.slice(0, 500) : null;
}

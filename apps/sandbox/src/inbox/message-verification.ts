import type { Provider } from './inbox-message';

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const nonEmpty = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

function fromOpaqueCallbackData(body: Record<string, unknown>): string | null {
  const data = nonEmpty(body.biz_opaque_callback_data);
  if (!data) return null;
  try {
    const fields = asRecord(JSON.parse(data));
    return nonEmpty(fields?.vid) ?? nonEmpty(fields?.verificationId);
  } catch {
    return null;
  }
}

function fromStatusCallbackQuery(form: Record<string, unknown>): string | null {
  const url = nonEmpty(form.StatusCallback);
  if (!url || !URL.canParse(url)) return null;
  return nonEmpty(new URL(url).searchParams.get('vid'));
}

/**
 * The verification a sender says a message belongs to, from what it put on the provider's wire, or null. Tessera's
 * channels send their delivery ref (libs/channel-kit delivery-ref.ts) where the provider echoes it: WhatsApp in
 * `biz_opaque_callback_data` (JSON; `vid`, or `verificationId` in its first format), Twilio in the StatusCallback
 * URL's query (`vid`); email carries an `X-Tessera-Verification` header. SMPP carries nothing of the kind.
 */
export function verificationIdOf(provider: Provider, raw: unknown): string | null {
  const received = asRecord(raw);
  if (!received) return null;
  switch (provider) {
    case 'meta':
      return fromOpaqueCallbackData(received);
    case 'smtp':
      return nonEmpty(asRecord(received.headers)?.['x-tessera-verification']);
    case 'twilio':
      return fromStatusCallbackQuery(received);
    case 'smpp':
      return null;
  }
}

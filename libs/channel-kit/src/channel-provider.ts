import type { Channel, DeliveryStatus } from '@tessera/contracts';
import type { DeliveryRef } from './delivery-ref';

/** What a channel asks its provider to send: the rendered text and the code, for one delivery attempt. */
export interface OutboundMessage {
  /** Who the message is for in Tessera's terms; a provider whose callbacks can carry it sends it along. */
  ref: DeliveryRef;
  /** E.164 phone or email address. */
  to: string;
  code: string;
  text: string;
  subject?: string;
  html?: string;
  locale: string;
  brand: string;
  /** WhatsApp authentication template name for this locale. */
  whatsappTemplate?: string;
  /** Seconds the code has left; providers must not deliver it later than this. */
  ttlSeconds: number;
}

export interface SendReceipt {
  providerMessageId: string;
  /** `sent` when the provider accepted it; `delivered` when acceptance means delivery (e.g. SMTP). */
  status: Extract<DeliveryStatus, 'sent' | 'delivered'>;
}

/** A status the provider reported later (webhook, SMPP receipt), mapped to Tessera's statuses. */
export interface ProviderStatusReport {
  providerMessageId: string;
  status: Extract<DeliveryStatus, 'sent' | 'delivered' | 'read' | 'failed'>;
  errorCode: string | null;
  errorMessage: string | null;
  /** For failed: retrying this channel cannot help. */
  permanent: boolean;
  at: Date;
  /**
   * The attempt this status is about, when the callback carried it back (Twilio's StatusCallback query, Meta's
   * `biz_opaque_callback_data`), authenticated by the callback's signature; null when it did not (SMPP).
   */
  delivery: DeliveryRef | null;
}

/**
 * How a provider's later statuses find their attempt:
 * - `in-callback`: the provider echoes what `send()` gave it (the ref), so a receipt costs no lookup;
 * - `by-message-id`: receipts carry only the provider's message id (SMPP), so the kit keeps a map from it;
 * - `none`: the provider reports nothing after the send (SMTP).
 */
export type ReceiptCorrelation = 'in-callback' | 'by-message-id' | 'none';

/**
 * One vendor behind one channel. Plain class: credentials come through the constructor from validated
 * config; vendor errors are translated into RetryableProviderError or PermanentProviderError here.
 */
export interface ChannelProvider {
  readonly id: string;
  readonly channel: Channel;
  readonly receipts: ReceiptCorrelation;
  send(message: OutboundMessage): Promise<SendReceipt>;
}

export const CHANNEL_PROVIDER = Symbol('CHANNEL_PROVIDER');

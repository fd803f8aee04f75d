import type { Channel, DeliveryStatus } from '@tessera/contracts';

/** What a channel asks its provider to send: the rendered text and the code, for one delivery attempt. */
export interface OutboundMessage {
  verificationId: string;
  attempt: number;
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
}

/**
 * One vendor behind one channel. Plain class: credentials come through the constructor from validated
 * config; vendor errors are translated into RetryableProviderError or PermanentProviderError here.
 */
export interface ChannelProvider {
  readonly id: string;
  readonly channel: Channel;
  send(message: OutboundMessage): Promise<SendReceipt>;
}

export const CHANNEL_PROVIDER = Symbol('CHANNEL_PROVIDER');

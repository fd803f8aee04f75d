import { z } from 'zod';
import {
  PermanentProviderError,
  postToProvider,
  unansweredSendError,
  type ChannelProvider,
  type OutboundMessage,
  type SendReceipt,
} from '@tessera/channel-kit';
import { maskDestination } from '@tessera/observability';
import { authenticationTemplateMessage } from './meta-authentication-template';
import { metaSendError, parseRetryAfter } from './meta-error-map';

export interface MetaCloudSettings {
  /** `https://graph.facebook.com`, or the sandbox's `http://127.0.0.1:4000/whatsapp`. */
  graphBaseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  timeoutMs: number;
}

/** The part of Meta's success answer Tessera needs: `{"messages":[{"id":"wamid…"}]}`. */
const SendAnswer = z.looseObject({
  messages: z.array(z.looseObject({ id: z.string().min(1).max(200) })).min(1),
});

/**
 * Sends codes over the WhatsApp Cloud API as authentication templates. Meta's refusals become provider errors
 * carrying Meta's code (see meta-error-map); 429, 5xx and a connection never made are retried; a timeout or a
 * connection lost before the answer leaves the send unconfirmed (Meta may have it).
 */
export class MetaCloudWhatsappProvider implements ChannelProvider {
  readonly id = 'meta-cloud';
  readonly channel = 'whatsapp' as const;
  /** Status webhooks echo the send's biz_opaque_callback_data, which carries the delivery's ref. */
  readonly receipts = 'in-callback' as const;
  private readonly messagesUrl: string;

  constructor(private readonly settings: MetaCloudSettings) {
    const base = settings.graphBaseUrl.replace(/\/+$/, '');
    this.messagesUrl = `${base}/${settings.apiVersion}/${encodeURIComponent(settings.phoneNumberId)}/messages`;
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    if (!message.whatsappTemplate) {
      throw new PermanentProviderError(
        `no WhatsApp template is configured for locale ${message.locale}`,
        'template_not_configured',
      );
    }
    const scrub = scrubberFor(message);
    const body = authenticationTemplateMessage({
      ref: message.ref,
      to: message.to,
      code: message.code,
      locale: message.locale,
      templateName: message.whatsappTemplate,
      ttlSeconds: message.ttlSeconds,
    });
    const answer = await postToProvider(
      this.messagesUrl,
      {
        authorization: `Bearer ${this.settings.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      JSON.stringify(body),
      this.settings.timeoutMs,
    );
    if (!answer.answered) {
      const vendor = {
        name: 'Meta',
        timeoutMs: this.settings.timeoutMs,
        timeoutCode: 'timeout',
        networkCode: 'network',
      };
      throw unansweredSendError(answer, vendor, scrub);
    }
    const { status, json } = answer;
    if (status < 200 || status >= 300) {
      throw metaSendError({ httpStatus: status, body: json, retryAfterMs: parseRetryAfter(answer.retryAfter), scrub });
    }
    const sent = SendAnswer.safeParse(json);
    if (!sent.success) {
      // Meta said yes without a message id: retrying could send the code twice, so give this channel up.
      throw new PermanentProviderError(`Meta HTTP ${status} without a message id`, 'meta_bad_response');
    }
    return { providerMessageId: sent.data.messages[0]!.id, status: 'sent' };
  }
}

/** Vendor messages can echo parameters: the code and the phone number never leave this class in them. */
function scrubberFor(message: OutboundMessage): (text: string) => string {
  const digits = message.to.replace(/\D/g, '');
  const replace = (text: string, secret: string, by: string): string =>
    secret.length >= 4 ? text.split(secret).join(by) : text;
  return (text) => {
    let out = replace(text, message.to, maskDestination(message.to));
    out = replace(out, digits, maskDestination(digits));
    return replace(out, message.code, '[code]');
  };
}

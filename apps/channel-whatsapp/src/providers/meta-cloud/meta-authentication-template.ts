import type { DeliveryRef } from '@tessera/channel-kit';
import { metaCallbackData } from './meta-callback-data';

/**
 * Meta's template language codes (Business Management API, "Supported languages"): `xx` or `xx_YY`, and a few
 * that are not BCP 47 (`nb`, `fil`, `rw_RW`, `ky_KG`).
 */
// prettier-ignore
const META_LANGUAGES: ReadonlySet<string> = new Set([
  'af', 'sq', 'ar', 'ar_AE', 'ar_EG', 'ar_LB', 'ar_MA', 'ar_QA', 'az', 'be_BY', 'bn', 'bn_IN', 'bg', 'ca',
  'zh_CN', 'zh_HK', 'zh_TW', 'hr', 'cs', 'da', 'nl', 'nl_BE', 'en', 'en_AE', 'en_AU', 'en_CA', 'en_GB',
  'en_GH', 'en_IE', 'en_IN', 'en_JM', 'en_MY', 'en_NZ', 'en_QA', 'en_SG', 'en_UG', 'en_US', 'en_ZA', 'et',
  'fil', 'fi', 'fr', 'fr_BE', 'fr_CA', 'fr_CH', 'fr_CI', 'fr_MA', 'ka', 'de', 'de_AT', 'de_CH', 'el', 'gu',
  'ha', 'he', 'hi', 'hu', 'id', 'ga', 'it', 'ja', 'kn', 'kk', 'rw_RW', 'ko', 'ky_KG', 'lo', 'lv', 'lt', 'mk',
  'ms', 'ml', 'mr', 'nb', 'fa', 'pl', 'pt_BR', 'pt_PT', 'pa', 'ro', 'ru', 'sr', 'si_LK', 'sk', 'sl', 'es',
  'es_AR', 'es_CL', 'es_CO', 'es_CR', 'es_DO', 'es_EC', 'es_ES', 'es_HN', 'es_MX', 'es_PA', 'es_PE', 'es_UY',
  'sw', 'sv', 'ta', 'te', 'th', 'tr', 'uk', 'ur', 'uz', 'vi', 'zu',
]);

/**
 * A language Meta only knows under another name or only with a region: the code to use for the bare language.
 * `pt` and `zh` pick the variant with the most WhatsApp users; a tenant wanting `pt_PT` writes `pt-PT`.
 */
const META_ALIASES: Readonly<Record<string, string>> = {
  no: 'nb',
  nn: 'nb',
  tl: 'fil',
  iw: 'he',
  in: 'id',
  pt: 'pt_BR',
  zh: 'zh_CN',
  rw: 'rw_RW',
  ky: 'ky_KG',
  si: 'si_LK',
  be: 'be_BY',
};

/**
 * Tessera's locale (`en`, `pt-BR`) as Meta's template language code (`en`, `pt_BR`): the exact variant when
 * Meta has it, else the bare language (`fr-SN` → `fr`), else `xx_YY` as written, for Meta to judge.
 */
export function toMetaLanguage(locale: string): string {
  const [rawLanguage = '', rawRegion] = locale.split(/[-_]/);
  const language = rawLanguage.toLowerCase();
  const region = rawRegion?.toUpperCase();
  if (region) {
    const exact = `${language}_${region}`;
    if (META_LANGUAGES.has(exact)) return exact;
    const bare = META_ALIASES[language] ?? language;
    return META_LANGUAGES.has(bare) ? bare : exact;
  }
  return META_ALIASES[language] ?? language;
}

/** What Meta needs to send one code with an authentication template. */
export interface AuthenticationTemplateInput {
  ref: DeliveryRef;
  to: string;
  code: string;
  locale: string;
  templateName: string;
  /** Seconds the code has left when it is sent. */
  ttlSeconds: number;
}

export interface MetaTextParameter {
  type: 'text';
  text: string;
}

export interface MetaTemplateMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'template';
  template: {
    name: string;
    language: { policy: 'deterministic'; code: string };
    components: [
      { type: 'body'; parameters: [MetaTextParameter] },
      { type: 'button'; sub_type: 'url'; index: '0'; parameters: [MetaTextParameter] },
    ];
  };
  /** Echoed back by Meta in every status webhook of this message: see metaCallbackData. */
  biz_opaque_callback_data: string;
}

/**
 * The body of `POST /{phone-number-id}/messages` for an authentication template with a copy-code (or one-tap)
 * button: the code is the body's `{{1}}` and the button's URL parameter, as Meta requires.
 *
 * Meta has no per-message time-to-live for template sends: delivery stops after the template's
 * `message_send_ttl_seconds` (authentication templates: 30-900 s), which the operator sets on the template to at
 * most the tenant's code lifetime. `biz_opaque_callback_data` (the one free-form field the Cloud API accepts on a
 * send and echoes in status webhooks) carries the delivery's ref and the code's remaining life: metaCallbackData.
 */
export function authenticationTemplateMessage(
  input: AuthenticationTemplateInput,
  now = new Date(),
): MetaTemplateMessage {
  const ttlSeconds = Math.max(0, Math.floor(input.ttlSeconds));
  const code: MetaTextParameter = { type: 'text', text: input.code };
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: input.to,
    type: 'template',
    template: {
      name: input.templateName,
      language: { policy: 'deterministic', code: toMetaLanguage(input.locale) },
      components: [
        { type: 'body', parameters: [code] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ ...code }] },
      ],
    },
    biz_opaque_callback_data: metaCallbackData(input.ref, ttlSeconds, now),
  };
}

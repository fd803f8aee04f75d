import type { CheckResult, VerificationView } from '@tessera/contracts';
import { attemptSidOf, verificationSidOf } from './twilio-sid';
import type { TwilioServiceRecord } from './twilio.repository';

/** Twilio writes times as ISO 8601 in UTC to the second: `2015-07-30T20:00:00Z`. */
export const twilioTime = (at: Date | string): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Where the resources live, as the client reached this gateway: `https://host/v2`. */
export type BaseUrl = string;

export function serviceResource(base: BaseUrl, service: TwilioServiceRecord) {
  const url = `${base}/Services/${service._id}`;
  const s = service.settings;
  return {
    sid: service._id,
    account_sid: service.accountSid,
    friendly_name: s.friendlyName,
    code_length: s.codeLength,
    lookup_enabled: s.lookupEnabled,
    psd2_enabled: s.psd2Enabled,
    skip_sms_to_landlines: s.skipSmsToLandlines,
    dtmf_input_required: s.dtmfInputRequired,
    tts_name: s.ttsName,
    do_not_share_warning_enabled: s.doNotShareWarningEnabled,
    custom_code_enabled: false,
    push: {
      include_date: s.pushIncludeDate,
      apn_credential_sid: s.pushApnCredentialSid,
      fcm_credential_sid: s.pushFcmCredentialSid,
    },
    totp: {
      issuer: s.totpIssuer ?? s.friendlyName,
      time_step: s.totpTimeStep,
      code_length: s.totpCodeLength,
      skew: s.totpSkew,
    },
    default_template_sid: s.defaultTemplateSid,
    whatsapp: { msg_service_sid: s.whatsappMsgServiceSid, from: s.whatsappFrom },
    verify_event_subscription_enabled: s.verifyEventSubscriptionEnabled,
    date_created: twilioTime(service.createdAt),
    date_updated: twilioTime(service.updatedAt),
    url,
    links: { verifications: `${url}/Verifications`, verification_checks: `${url}/VerificationCheck` },
  };
}

/** What /v2 knows of a verification beyond Tessera's view: the To the client sent, and PSD2 fields it echoes. */
export interface VerificationContext {
  accountSid: string;
  serviceSid: string;
  /** The destination as the request gave it; without one, the masked destination of Tessera's view. */
  to?: string;
  amount?: string | null;
  payee?: string | null;
}

export function verificationResource(base: BaseUrl, view: VerificationView, context: VerificationContext) {
  const sid = verificationSidOf(view.id);
  return {
    sid,
    service_sid: context.serviceSid,
    account_sid: context.accountSid,
    to: context.to ?? view.to,
    channel: view.channel,
    status: view.status,
    valid: view.status === 'approved',
    lookup: {},
    amount: context.amount ?? null,
    payee: context.payee ?? null,
    send_code_attempts: view.deliveries.map((d) => ({
      attempt_sid: attemptSidOf(view.id, d.attempt),
      channel: d.channel.toUpperCase(),
      time: twilioTime(d.requestedAt),
    })),
    date_created: twilioTime(view.createdAt),
    date_updated: twilioTime(view.updatedAt),
    sna: null,
    url: `${base}/Services/${context.serviceSid}/Verifications/${sid}`,
  };
}

/** Twilio's VerificationCheck: the check's outcome over the verification it checked. */
export function verificationCheckResource(check: CheckResult, view: VerificationView, context: VerificationContext) {
  return {
    sid: verificationSidOf(view.id),
    service_sid: context.serviceSid,
    account_sid: context.accountSid,
    to: context.to ?? view.to,
    channel: view.channel,
    status: check.status,
    valid: check.valid,
    amount: context.amount ?? null,
    payee: context.payee ?? null,
    sna_attempts_error_codes: [],
    date_created: twilioTime(view.createdAt),
    date_updated: twilioTime(view.updatedAt),
  };
}

import type { DeliveryRef, ProviderStatusReport } from '@tessera/channel-kit';
import { isPermanentDeliveryError } from './twilio-error-map';
import type { TwilioCallbackParams } from './twilio-signature';

export type TwilioCallbackReading =
  | { kind: 'report'; report: ProviderStatusReport }
  /** A status Tessera does not track (queued, accepted, sending, scheduled…): acknowledged, nothing recorded. */
  | { kind: 'ignored'; status: string }
  | { kind: 'invalid'; problem: string };

const STATUS_OF: Readonly<Record<string, ProviderStatusReport['status']>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
};

const first = (value: string | readonly string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : value?.[0];

/**
 * Reads a Twilio StatusCallback form (already authenticated by its signature) into Tessera's terms:
 * `undelivered` and `failed` become `failed` with Twilio's ErrorCode, permanent when the code says this number
 * cannot get an SMS (30003, 30005, 30006…). `delivery` is the ref the callback URL carried (null when it had none).
 */
export function readTwilioStatusCallback(
  params: TwilioCallbackParams,
  delivery: DeliveryRef | null,
  now: Date,
): TwilioCallbackReading {
  const messageSid = first(params.MessageSid) ?? first(params.SmsSid);
  const twilioStatus = first(params.MessageStatus) ?? first(params.SmsStatus);
  if (!messageSid || !twilioStatus) return { kind: 'invalid', problem: 'MessageSid and MessageStatus are required' };
  const status = STATUS_OF[twilioStatus];
  if (!status) return { kind: 'ignored', status: twilioStatus };
  const failed = status === 'failed';
  const errorCode = failed ? first(params.ErrorCode)?.trim() || null : null;
  return {
    kind: 'report',
    report: {
      providerMessageId: messageSid,
      status,
      errorCode: failed ? (errorCode ?? `twilio_${twilioStatus}`) : null,
      errorMessage: failed ? `Twilio ${twilioStatus}${errorCode ? ` (error ${errorCode})` : ''}` : null,
      permanent: failed && isPermanentDeliveryError(errorCode),
      at: now,
      delivery,
    },
  };
}

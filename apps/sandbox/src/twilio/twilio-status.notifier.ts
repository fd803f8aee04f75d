import { Inject, Injectable } from '@nestjs/common';
import { CallbackSender } from '../callbacks/callback.sender';
import type { StatusNotifier } from '../callbacks/delivery.scheduler';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import type { DeliveryStatus } from '../fates/fates';
import type { TwilioStatus } from './twilio-message.resource';
import { twilioSignature } from './twilio-signature';

/** Twilio's error code for the `fail` fate: "Unreachable destination handset". */
export const UNDELIVERED_ERROR_CODE = 30003;

/** The sender number Twilio would pick from a Messaging Service. */
export const SANDBOX_SERVICE_NUMBER = '+15550000000';

export const twilioStatusOf = (status: DeliveryStatus): TwilioStatus =>
  status === 'failed' ? 'undelivered' : status === 'read' ? 'delivered' : status;

/** The Twilio status of a message whose latest inbox status is `status` (`accepted` means still queued). */
export const twilioStatusOfInbox = (status: string | undefined): TwilioStatus =>
  status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed'
    ? twilioStatusOf(status)
    : 'queued';

export interface TwilioCallbackTarget {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  statusCallback: string | null;
}

/** Posts status callbacks to the message's StatusCallback, form-encoded and signed like Twilio does. */
@Injectable()
export class TwilioStatusNotifier {
  constructor(
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'twilio'>,
    private readonly sender: CallbackSender,
  ) {}

  for(message: TwilioCallbackTarget): StatusNotifier {
    return async (status) => {
      const url = message.statusCallback;
      if (!url) return null;
      const params = this.paramsOf(message, twilioStatusOf(status));
      const headers = {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'user-agent': 'TwilioProxy/1.1',
        'x-twilio-signature': twilioSignature(this.config.twilio.authToken, url, params),
      };
      const result = await this.sender.post({ url, headers, body: new URLSearchParams(params).toString() });
      return { target: url, ...result };
    };
  }

  private paramsOf(message: TwilioCallbackTarget, status: TwilioStatus): Record<string, string> {
    return {
      AccountSid: this.config.twilio.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? SANDBOX_SERVICE_NUMBER,
      MessageSid: message.sid,
      MessageStatus: status,
      SmsSid: message.sid,
      SmsStatus: status,
      To: message.to,
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      ...(status === 'undelivered' ? { ErrorCode: String(UNDELIVERED_ERROR_CODE) } : {}),
    };
  }
}

import { CHANNEL_PROVIDER } from '@tessera/channel-kit';
import { requiredSetting, type ChannelSmsEnv } from '../../config/channel-sms.config';
import { TWILIO_WEBHOOK_SETTINGS, TwilioWebhookHttpController } from '../../webhooks/twilio-webhook.http.controller';
import type { SmsProviderSetup } from '../sms-provider.registry';
import { TwilioSmsProvider } from './twilio-sms.provider';

/** Twilio: sends over its Messages API; statuses arrive signed at POST /webhooks/twilio. */
export function twilioSetup(config: ChannelSmsEnv): SmsProviderSetup {
  const authToken = requiredSetting(config, 'TWILIO_AUTH_TOKEN');
  const callbackUrl = requiredSetting(config, 'SMS_STATUS_CALLBACK_URL');
  const provider = new TwilioSmsProvider({
    baseUrl: config.TWILIO_BASE_URL,
    accountSid: requiredSetting(config, 'TWILIO_ACCOUNT_SID'),
    authToken,
    from: config.TWILIO_FROM,
    messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    statusCallbackUrl: callbackUrl,
    timeoutMs: config.TWILIO_TIMEOUT_MS,
  });
  return {
    channelProvider: { provide: CHANNEL_PROVIDER, useValue: provider },
    ratePerSecond: config.TWILIO_RATE_PER_SECOND,
    providers: [{ provide: TWILIO_WEBHOOK_SETTINGS, useValue: { authToken, callbackUrl } }],
    controllers: [TwilioWebhookHttpController],
  };
}

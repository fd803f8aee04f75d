import type { Provider, Type } from '@nestjs/common';
import type { ChannelSmsEnv, SmsProviderId } from '../config/channel-sms.config';
import { smppSetup } from './smpp/smpp.setup';
import { twilioSetup } from './twilio/twilio.setup';

/** What one SMS provider brings to the app. */
export interface SmsProviderSetup {
  /** The Nest provider of CHANNEL_PROVIDER (a plain ChannelProvider instance), for ChannelKitModule. */
  channelProvider: Provider;
  /** Sends per second the kit's rate limiter keeps to. */
  ratePerSecond: number;
  /** How its receipts come in: webhook controllers, or listeners and connections with their lifecycle. */
  providers: Provider[];
  controllers: Type[];
}

/** One line per SMS provider: SMS_PROVIDER → its setup from the validated config. */
export const SMS_PROVIDERS: Readonly<Record<SmsProviderId, (config: ChannelSmsEnv) => SmsProviderSetup>> = {
  twilio: twilioSetup,
  smpp: smppSetup,
};

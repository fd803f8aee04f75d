import { CHANNEL_PROVIDER } from '@tessera/channel-kit';
import { loadConfig } from '@tessera/config';
import { ChannelSmsEnvSchema } from '../config/channel-sms.config';
import { TwilioWebhookHttpController } from '../webhooks/twilio-webhook.http.controller';
import { SMS_PROVIDERS } from './sms-provider.registry';
import { SmppConnection } from './smpp/smpp-connection';
import { SmppSmsProvider } from './smpp/smpp-sms.provider';
import { TwilioSmsProvider } from './twilio/twilio-sms.provider';

const env = {
  OTP_SEAL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  OTP_SEAL_ACTIVE_KID: 'k1',
  TWILIO_ACCOUNT_SID: 'ACsandbox0000000000000000000000000',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_FROM: '+15005550006',
  SMS_STATUS_CALLBACK_URL: 'http://127.0.0.1:3003/webhooks/twilio',
  TWILIO_RATE_PER_SECOND: '40',
  SMPP_HOST: '127.0.0.1',
  SMPP_SYSTEM_ID: 'tessera',
  SMPP_PASSWORD: 'secret',
  SMPP_SOURCE_ADDR: 'Tessera',
  SMPP_TPS: '5',
};

const channelProviderOf = (provider: unknown): unknown =>
  (provider as { provide: unknown; useValue: unknown }).provide === CHANNEL_PROVIDER
    ? (provider as { useValue: unknown }).useValue
    : undefined;

describe('SMS_PROVIDERS', () => {
  it('wires Twilio with its webhook and TWILIO_RATE_PER_SECOND', () => {
    const setup = SMS_PROVIDERS.twilio(loadConfig('channel-sms', ChannelSmsEnvSchema, env));
    expect(channelProviderOf(setup.channelProvider)).toBeInstanceOf(TwilioSmsProvider);
    expect(setup.ratePerSecond).toBe(40);
    expect(setup.controllers).toEqual([TwilioWebhookHttpController]);
  });

  it('wires SMPP with its connection, no webhook, and SMPP_TPS', () => {
    const setup = SMS_PROVIDERS.smpp(loadConfig('channel-sms', ChannelSmsEnvSchema, { ...env, SMS_PROVIDER: 'smpp' }));
    expect(channelProviderOf(setup.channelProvider)).toBeInstanceOf(SmppSmsProvider);
    expect(setup.ratePerSecond).toBe(5);
    expect(setup.controllers).toEqual([]);
    expect(setup.providers).toContainEqual({ provide: SmppConnection, useValue: expect.any(SmppConnection) });
  });
});

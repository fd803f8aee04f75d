import { ConfigError, loadConfig } from '@tessera/config';
import { ChannelWhatsappEnvSchema } from './channel-whatsapp.config';

const required = {
  OTP_SEAL_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  OTP_SEAL_ACTIVE_KID: 'k1',
  WHATSAPP_PHONE_NUMBER_ID: '100000000000001',
  WHATSAPP_ACCESS_TOKEN: 'token',
  WHATSAPP_APP_SECRET: 'app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-token',
};

describe('ChannelWhatsappEnvSchema', () => {
  it('fills the defaults', () => {
    expect(loadConfig('channel-whatsapp', ChannelWhatsappEnvSchema, required)).toMatchObject({
      PORT: 3002,
      MONGO_DB: 'tessera_channel_whatsapp',
      KAFKA_GROUP_ID: 'channel-whatsapp',
      WHATSAPP_GRAPH_BASE_URL: 'https://graph.facebook.com',
      WHATSAPP_API_VERSION: 'v21.0',
      WHATSAPP_RATE_PER_SECOND: 80,
      WHATSAPP_TIMEOUT_MS: 10000,
    });
  });

  it('takes the local sandbox settings and drops a trailing slash', () => {
    const config = loadConfig('channel-whatsapp', ChannelWhatsappEnvSchema, {
      ...required,
      WHATSAPP_GRAPH_BASE_URL: 'http://127.0.0.1:4000/whatsapp/',
      WHATSAPP_RATE_PER_SECOND: '20',
    });
    expect(config.WHATSAPP_GRAPH_BASE_URL).toBe('http://127.0.0.1:4000/whatsapp');
    expect(config.WHATSAPP_RATE_PER_SECOND).toBe(20);
  });

  it('reports every missing secret together, without values', () => {
    let error: unknown;
    try {
      loadConfig('channel-whatsapp', ChannelWhatsappEnvSchema, {
        OTP_SEAL_KEYS: required.OTP_SEAL_KEYS,
        OTP_SEAL_ACTIVE_KID: 'k1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'WHATSAPP_PHONE_NUMBER_ID: is required but missing',
      'WHATSAPP_ACCESS_TOKEN: is required but missing',
      'WHATSAPP_APP_SECRET: is required but missing',
      'WHATSAPP_VERIFY_TOKEN: is required but missing',
    ]);
  });

  it('refuses a malformed API version or base URL', () => {
    expect(() =>
      loadConfig('channel-whatsapp', ChannelWhatsappEnvSchema, {
        ...required,
        WHATSAPP_API_VERSION: '21',
        WHATSAPP_GRAPH_BASE_URL: 'graph.facebook.com',
      }),
    ).toThrow(/WHATSAPP_API_VERSION[\s\S]*WHATSAPP_GRAPH_BASE_URL|WHATSAPP_GRAPH_BASE_URL[\s\S]*WHATSAPP_API_VERSION/);
  });
});

import { ConfigError, loadConfig } from '@tessera/config';
import { ChannelSmsEnvSchema } from './channel-sms.config';

const base = {
  OTP_SEAL_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  OTP_SEAL_ACTIVE_KID: 'k1',
};
const twilio = {
  TWILIO_ACCOUNT_SID: 'ACsandbox0000000000000000000000000',
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_FROM: '+15005550006',
  SMS_STATUS_CALLBACK_URL: 'http://127.0.0.1:3003/webhooks/twilio',
};
const smpp = {
  SMS_PROVIDER: 'smpp',
  SMPP_HOST: '127.0.0.1',
  SMPP_SYSTEM_ID: 'tessera',
  SMPP_PASSWORD: 'secret',
  SMPP_SOURCE_ADDR: 'Tessera',
};

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig('channel-sms', ChannelSmsEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('ChannelSmsEnvSchema', () => {
  it('applies the defaults for a Twilio setup', () => {
    const config = loadConfig('channel-sms', ChannelSmsEnvSchema, { ...base, ...twilio });
    expect(config).toMatchObject({
      PORT: 3003,
      MONGO_DB: 'tessera_channel_sms',
      KAFKA_GROUP_ID: 'channel-sms',
      SMS_PROVIDER: 'twilio',
      TWILIO_BASE_URL: 'https://api.twilio.com',
      TWILIO_RATE_PER_SECOND: 100,
      TWILIO_TIMEOUT_MS: 10000,
      SMPP_PORT: 2775,
      SMPP_TPS: 10,
      SMPP_ENQUIRE_LINK_MS: 30000,
    });
  });

  it('reports every missing Twilio variable together, the sender as one "or" entry', () => {
    expect(problemsOf({ ...base })).toEqual(
      expect.arrayContaining([
        'TWILIO_ACCOUNT_SID: is required but missing',
        'TWILIO_AUTH_TOKEN: is required but missing',
        'SMS_STATUS_CALLBACK_URL: is required but missing',
        'TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID: is required but missing',
      ]),
    );
    expect(problemsOf({ ...base })).toHaveLength(4);
  });

  it('reports missing provider variables together with other invalid variables', () => {
    const problems = problemsOf({ OTP_SEAL_ACTIVE_KID: 'k1', PORT: 'not-a-port', TWILIO_FROM: '+15005550006' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'OTP_SEAL_KEYS: is required but missing',
        expect.stringMatching(/^PORT: /),
        'TWILIO_ACCOUNT_SID: is required but missing',
        'TWILIO_AUTH_TOKEN: is required but missing',
        'SMS_STATUS_CALLBACK_URL: is required but missing',
      ]),
    );
    expect(problems.join('\n')).not.toContain('TWILIO_MESSAGING_SERVICE_SID');
  });

  it('takes a Messaging Service instead of From', () => {
    const { TWILIO_FROM: _from, ...rest } = twilio;
    expect(problemsOf({ ...base, ...rest, TWILIO_MESSAGING_SERVICE_SID: `MG${'a'.repeat(32)}` })).toEqual([]);
  });

  it('does not ask for Twilio variables when SMS_PROVIDER=smpp, and reports the SMPP ones together', () => {
    expect(problemsOf({ ...base, ...smpp })).toEqual([]);
    expect(problemsOf({ ...base, SMS_PROVIDER: 'smpp' }).sort()).toEqual([
      'SMPP_HOST: is required but missing',
      'SMPP_PASSWORD: is required but missing',
      'SMPP_SOURCE_ADDR: is required but missing',
      'SMPP_SYSTEM_ID: is required but missing',
    ]);
  });

  it('rejects malformed values with a reason', () => {
    const problems = problemsOf({
      ...base,
      ...twilio,
      TWILIO_ACCOUNT_SID: 'XX123',
      SMS_STATUS_CALLBACK_URL: 'ftp://x',
      SMPP_PASSWORD: 'longer-than-8',
      SMS_PROVIDER: 'carrier-pigeon',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TWILIO_ACCOUNT_SID: must be "AC"/),
        'SMS_STATUS_CALLBACK_URL: must be an http(s) URL',
        'SMPP_PASSWORD: SMPP password is at most 8 characters',
        expect.stringMatching(/^SMS_PROVIDER: /),
      ]),
    );
  });

  it('reads SMPP_TPS and trims a trailing slash from TWILIO_BASE_URL', () => {
    const config = loadConfig('channel-sms', ChannelSmsEnvSchema, {
      ...base,
      ...twilio,
      ...smpp,
      SMPP_TPS: '25',
      TWILIO_BASE_URL: 'http://127.0.0.1:4000/twilio/',
    });
    expect(config.SMPP_TPS).toBe(25);
    expect(config.TWILIO_BASE_URL).toBe('http://127.0.0.1:4000/twilio');
  });
});

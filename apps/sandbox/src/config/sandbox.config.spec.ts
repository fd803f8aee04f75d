import { loadSandboxConfig, SandboxConfigError } from './sandbox.config';

describe('loadSandboxConfig', () => {
  it('has a working default for everything', () => {
    expect(loadSandboxConfig({})).toEqual({
      host: '127.0.0.1',
      httpPort: 4000,
      smtpPort: 2525,
      smppPort: 2775,
      whatsapp: { token: 'sandbox-whatsapp-token', appSecret: 'sandbox-app-secret', webhookUrl: undefined },
      twilio: { accountSid: 'ACsandbox0000000000000000000000000', authToken: 'sandbox-twilio-token' },
      smpp: { systemId: 'tessera', password: 'secret' },
      callbackDelayMs: 200,
      slowDelayMs: 2000,
      inboxLimit: 5000,
    });
  });

  it('reads and converts the variables it is given, treating empty ones as unset', () => {
    const config = loadSandboxConfig({
      SANDBOX_HTTP_PORT: '0',
      SANDBOX_WHATSAPP_WEBHOOK_URL: 'http://127.0.0.1:3002/webhooks/whatsapp',
      SANDBOX_CALLBACK_DELAY_MS: '5',
      SANDBOX_SMTP_PORT: '',
    });
    expect(config).toMatchObject({ httpPort: 0, smtpPort: 2525, callbackDelayMs: 5 });
    expect(config.whatsapp.webhookUrl).toBe('http://127.0.0.1:3002/webhooks/whatsapp');
  });

  it('reports every problem at once, without echoing secret values', () => {
    const env = {
      SANDBOX_HTTP_PORT: '70000',
      SANDBOX_SMPP_PASSWORD: 'much-too-long',
      SANDBOX_TWILIO_ACCOUNT_SID: 'XX123',
      SANDBOX_WHATSAPP_WEBHOOK_URL: 'ftp://example.test',
    };
    let error: unknown;
    try {
      loadSandboxConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SandboxConfigError);
    const { problems, message } = error as SandboxConfigError;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'SANDBOX_HTTP_PORT',
      'SANDBOX_SMPP_PASSWORD',
      'SANDBOX_TWILIO_ACCOUNT_SID',
      'SANDBOX_WHATSAPP_WEBHOOK_URL',
    ]);
    expect(message).not.toContain('much-too-long');
  });
});

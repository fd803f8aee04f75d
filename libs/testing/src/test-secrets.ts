import { randomBytes } from 'node:crypto';

/** Fresh secrets for one test run, in the env shape the apps read. */
export function generateTestSecrets(): Record<string, string> {
  const b64 = () => randomBytes(32).toString('base64');
  return {
    OTP_CODE_HMAC_SECRET: b64(),
    OTP_SEAL_KEYS: `t1:${b64()}`,
    OTP_SEAL_ACTIVE_KID: 't1',
    GATEWAY_BUS_SECRET: b64(),
    ADMIN_TOKEN: randomBytes(24).toString('hex'),
    SANDBOX_WHATSAPP_TOKEN: `e2e-whatsapp-${randomBytes(16).toString('hex')}`,
    SANDBOX_WHATSAPP_APP_SECRET: randomBytes(16).toString('hex'),
    SANDBOX_TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
    WHATSAPP_VERIFY_TOKEN: `e2e-verify-${randomBytes(12).toString('hex')}`,
  };
}

export function sealKeyFrom(secrets: Record<string, string>): Buffer {
  return Buffer.from(secrets.OTP_SEAL_KEYS.split(':')[1], 'base64');
}

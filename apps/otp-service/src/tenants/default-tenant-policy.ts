import type { TenantPolicy } from '@tessera/contracts';

/** Safe defaults (NIST 800-63B where it speaks): 6 digits, 5 minutes, 5 checks, bounded resends. */
export const DEFAULT_TENANT_POLICY: TenantPolicy = {
  allowedChannels: ['whatsapp', 'sms', 'email'],
  defaultPlan: ['sms'],
  codeLength: 6,
  ttlSeconds: 300,
  maxChecks: 5,
  maxSendsPerVerification: 5,
  maxSendsPerDestinationPerHour: 10,
  resendCooldownsSeconds: [30, 60, 120],
  allowedCountries: null,
  stepTimeoutSeconds: { whatsapp: 30, sms: 60, email: 120 },
  brand: 'Tessera',
  defaultLocale: 'en',
  templates: {
    en: {
      text: '{code} is your {brand} verification code. It expires in {minutes} minutes. Do not share it.',
      subject: 'Your {brand} verification code',
      html: '<p><strong>{code}</strong> is your {brand} verification code.</p><p>It expires in {minutes} minutes. Do not share it.</p>',
      whatsappTemplate: 'tessera_auth',
    },
    fr: {
      text: '{code} est votre code de vérification {brand}. Il expire dans {minutes} minutes. Ne le partagez pas.',
      subject: 'Votre code de vérification {brand}',
      whatsappTemplate: 'tessera_auth',
    },
  },
  requestsPerMinute: 600,
};

import type { Provider } from './inbox-message';

/**
 * The error each peer reports when a message it accepted fails (the `fail` fate), as Tessera's channel services
 * record it: WhatsApp's webhook error 131026, Twilio's `ErrorCode=30003`, the SMPP receipt's `stat:UNDELIV err:003`.
 * SMTP has no later failure. Kept beside the peers' own constants by a test (failure-codes.spec.ts).
 */
const FAILED_STATUS_ERROR_CODES: Readonly<Record<Provider, string | null>> = {
  meta: '131026',
  twilio: '30003',
  smpp: 'UNDELIV:003',
  smtp: null,
};

export const failureCodeOf = (provider: Provider): string | null => FAILED_STATUS_ERROR_CODES[provider];

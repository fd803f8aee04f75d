import { OtpRequestedV1, createEnvelope } from '@tessera/contracts';
import type { CodeSealer } from '@tessera/crypto';

/** An OtpRequested for SMS, first attempt, its code (123456) sealed by `sealer`, expiring in two minutes. */
export function otpRequestedEvent(sealer: CodeSealer, verificationId: string) {
  return createEnvelope(OtpRequestedV1, {
    tenantId: 'acme',
    verificationId,
    payload: {
      channel: 'sms',
      attempt: 1,
      to: '+447911123456',
      brand: 'Acme',
      template: { locale: 'en', text: '{code} is your {brand} code ({minutes} min)' },
      sealedCode: sealer.seal('123456', verificationId),
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    },
  });
}

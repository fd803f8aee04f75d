import type { VerificationRecord } from './verification.schema';

/** A pending verification with one sent WhatsApp attempt, one failed check and one event in its outbox. */
export function verificationRecord(id = 'vf_0123'): VerificationRecord {
  const at = new Date('2026-12-06T02:00:00.000Z');
  const later = new Date('2026-12-06T02:00:01.500Z');
  return {
    _id: id,
    tenantId: 't1',
    partition: 3,
    to: '+447500900123',
    destinationKey: 'dk',
    plan: ['whatsapp', 'sms'],
    step: 0,
    status: 'pending',
    reason: null,
    codeHash: 'h',
    sealedCode: { kid: 'k1', iv: 'iv', ct: 'ct', tag: 'tag' },
    codeLength: 6,
    locale: 'en',
    metadata: { order: 42 },
    maxChecks: 5,
    checksUsed: 1,
    maxSends: 5,
    sendsUsed: 1,
    resendAvailableAt: later,
    deliveries: [
      {
        attempt: 1,
        channel: 'whatsapp',
        provider: 'meta-cloud',
        providerMessageId: 'wamid.1',
        status: 'sent',
        errorCode: null,
        history: [
          { status: 'queued', at, errorCode: null },
          { status: 'sent', at: later, errorCode: null },
        ],
        requestedAt: at,
        stepDeadline: later,
      },
    ],
    checks: [{ at: later, valid: false }],
    outbox: [
      {
        topic: 'otp.events',
        envelope: {
          eventId: '01a2',
          type: 'OtpLifecycle',
          version: 1,
          occurredAt: at.toISOString(),
          tenantId: 't1',
          verificationId: id,
          traceparent: null,
          payload: { status: 'pending' },
        },
      },
    ],
    version: 2,
    expiresAt: later,
    createdAt: at,
    updatedAt: later,
    endedAt: null,
    traceparent: null,
  } as VerificationRecord;
}

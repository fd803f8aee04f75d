import type { VerificationRecord } from './verification.schema';
import { fromStoredVerification, toStoredVerification } from './verification.stored-form';

function record(): VerificationRecord {
  const at = new Date('2026-12-06T02:00:00.000Z');
  const later = new Date('2026-12-06T02:00:01.500Z');
  return {
    _id: 'vf_0123',
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
          verificationId: 'vf_0123',
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

describe('the stored form of a verification record', () => {
  it('keeps the top-level fields as they are and writes each list as one JSON text', () => {
    const stored = toStoredVerification(record());
    expect(stored.status).toBe('pending');
    expect(stored.expiresAt).toEqual(record().expiresAt);
    expect(stored.endedAt).toBeNull();
    expect(typeof stored.deliveries).toBe('string');
    expect(typeof stored.checks).toBe('string');
    expect(typeof stored.outbox).toBe('string');
  });

  it('reads back the record it wrote, times as Dates', () => {
    const back = fromStoredVerification(toStoredVerification(record()));
    expect(back).toEqual(record());
    expect(back.deliveries[0].history[1].at).toBeInstanceOf(Date);
    expect(back.deliveries[0].stepDeadline).toBeInstanceOf(Date);
    expect(back.checks[0].at).toBeInstanceOf(Date);
  });

  it('reads a step with no deadline as null', () => {
    const original = record();
    original.deliveries[0].stepDeadline = null;
    expect(fromStoredVerification(toStoredVerification(original)).deliveries[0].stepDeadline).toBeNull();
  });

  it('reads a record stored with its lists as arrays (before this form) as it is', () => {
    const original = record();
    expect(fromStoredVerification(original)).toEqual(original);
  });
});

import type { VerificationRecord } from './verification.schema';
import { verificationRecord as record } from './verification-record.fixture';
import { QUERIED_FIELDS, fromStoredVerification, toStoredVerification } from './verification.stored-form';

/** How records were stored before the current form: every field as itself, the lists each as JSON text. */
function earlierForm(original: VerificationRecord) {
  return {
    ...original,
    deliveries: JSON.stringify(original.deliveries),
    checks: JSON.stringify(original.checks),
    outbox: JSON.stringify(original.outbox),
  };
}

describe('the stored form of a verification record', () => {
  it('keeps the queried fields as themselves and writes everything else as one JSON text', () => {
    const stored = toStoredVerification(record());
    expect(Object.keys(stored).sort()).toEqual([...QUERIED_FIELDS, 'state'].sort());
    expect(stored).toMatchObject({ _id: 'vf_0123', status: 'pending', version: 2, endedAt: null });
    expect(stored.expiresAt).toEqual(record().expiresAt);
    const state = JSON.parse(stored.state) as Record<string, unknown>;
    expect(state).toMatchObject({ to: '+447500900123', codeHash: 'h', plan: ['whatsapp', 'sms'], sendsUsed: 1 });
    expect(state).not.toHaveProperty('status');
  });

  it('reads back the record it wrote, times as Dates', () => {
    const back = fromStoredVerification(toStoredVerification(record()));
    expect(back).toEqual(record());
    expect(back.resendAvailableAt).toBeInstanceOf(Date);
    expect(back.deliveries[0].history[1].at).toBeInstanceOf(Date);
    expect(back.deliveries[0].requestedAt).toBeInstanceOf(Date);
    expect(back.deliveries[0].stepDeadline).toBeInstanceOf(Date);
    expect(back.checks[0].at).toBeInstanceOf(Date);
  });

  it('reads a step with no deadline and no resend time as null', () => {
    const original = record();
    original.deliveries[0].stepDeadline = null;
    original.resendAvailableAt = null;
    const back = fromStoredVerification(toStoredVerification(original));
    expect(back.deliveries[0].stepDeadline).toBeNull();
    expect(back.resendAvailableAt).toBeNull();
  });

  it('reads a record stored with its lists as JSON text (the form before this one)', () => {
    const back = fromStoredVerification(earlierForm(record()));
    expect(back).toEqual(record());
    expect(back.deliveries[0].history[0].at).toBeInstanceOf(Date);
  });

  it('reads a record stored with its lists as arrays (the first form) as it is', () => {
    const original = record();
    expect(fromStoredVerification(original)).toEqual(original);
  });
});

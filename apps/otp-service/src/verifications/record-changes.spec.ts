import type { VerificationRecord } from './verification.schema';
import { changedFields } from './record-changes';

const record = (): VerificationRecord =>
  ({
    _id: 'vf_1',
    status: 'pending',
    version: 3,
    updatedAt: new Date('2026-12-02T10:00:00Z'),
    deliveries: [{ attempt: 1, status: 'queued', history: [{ status: 'queued', at: new Date('2026-12-02T10:00:00Z') }] }],
    outbox: [{ topic: 'otp.events', envelope: { eventId: 'e1' } }],
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  }) as unknown as VerificationRecord;

// `next` is built afresh rather than with structuredClone: under Jest that would make objects of another realm,
// which strict deep equality tells apart (in the service both copies come from the same realm).
describe('changedFields', () => {
  it('sets only the top-level fields that changed, whole, and never _id', () => {
    const current = record();
    const next = record();
    next.version = 4;
    next.updatedAt = new Date('2026-12-02T10:00:01Z');
    next.deliveries[0].history.push({ status: 'sent', at: new Date('2026-12-02T10:00:01Z'), errorCode: null });
    next.outbox = [];

    expect(changedFields(current, next)).toEqual({
      $set: { version: 4, updatedAt: next.updatedAt, deliveries: next.deliveries, outbox: [] },
    });
  });

  it('compares dates by value and nested values deeply', () => {
    const current = record();
    const next = record();
    next.version = 4;
    expect(changedFields(current, next)).toEqual({ $set: { version: 4 } });
  });

  it('unsets a field the new copy no longer has', () => {
    const current = record();
    const next = record();
    delete next.traceparent;
    expect(changedFields(current, next)).toEqual({ $set: {}, $unset: { traceparent: '' } });
  });
});

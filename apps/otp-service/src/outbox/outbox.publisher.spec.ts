import type { BusPublisher } from '@tessera/messaging';
import type { MetricsRegistry } from '@tessera/observability';
import { strictMock } from '@tessera/testing';
import type { OtpServiceEnv } from '../config/otp-service.config';
import type { OutboxEntry, VerificationRecord } from '../verifications/verification.schema';
import { OutboxPublisher } from './outbox.publisher';

const config = { OUTBOX_INLINE_PUBLISH: true } as OtpServiceEnv;
const record = { _id: 'vf_a', partition: 0 } as VerificationRecord;
const entry = (topic: string, eventId: string): OutboxEntry => ({
  topic,
  envelope: { eventId } as OutboxEntry['envelope'],
});
const verified = entry('otp.verified', 'e-verified');
const lifecycle = entry('otp.events', 'e-lifecycle');

/** A bus whose every publish waits until the test settles it. */
function heldBus() {
  const pending: { topic: string; settle: (error?: Error) => void }[] = [];
  const bus = strictMock<BusPublisher>('bus', {
    publish: (topic: string) =>
      new Promise<void>((resolve, reject) =>
        pending.push({ topic, settle: (error) => (error ? reject(error) : resolve()) }),
      ),
  });
  return { bus, pending };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('OutboxPublisher', () => {
  it("publishes a record's events together, each asked for before any is acknowledged (one produce request)", async () => {
    const { bus, pending } = heldBus();
    const outbox = new OutboxPublisher(config, bus, strictMock<MetricsRegistry>('metrics'));
    outbox.publishAfterWrite(record, [verified, lifecycle]);
    await turn();
    expect(pending.map((p) => p.topic)).toEqual(['otp.verified', 'otp.events']);
    for (const p of pending) p.settle();
    await turn();
    expect(outbox.hasWaiting('vf_a')).toBe(false);
    expect(outbox.unpublished([verified, lifecycle])).toEqual([]);
  });

  it('keeps an event the broker refused waiting for the next flush, and does not send the other again', async () => {
    const { bus, pending } = heldBus();
    const outbox = new OutboxPublisher(config, bus, strictMock<MetricsRegistry>('metrics'));
    outbox.publishAfterWrite(record, [verified, lifecycle]);
    await turn();
    pending[0].settle();
    pending[1].settle(new Error('broker unavailable'));
    await turn();
    expect(outbox.hasWaiting('vf_a')).toBe(true);
    expect(outbox.unpublished([verified, lifecycle])).toEqual([lifecycle]);

    const retried = outbox.flushPartition(0);
    await turn();
    expect(pending.slice(2).map((p) => p.topic)).toEqual(['otp.events']);
    pending[2].settle();
    await retried;
    expect(outbox.hasWaiting('vf_a')).toBe(false);
  });
});

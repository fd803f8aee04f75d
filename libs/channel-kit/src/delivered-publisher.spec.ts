import type { OtpDeliveredPayload } from '@tessera/contracts';
import type { BusPublisher } from '@tessera/messaging';
import { strictMock } from '@tessera/testing';
import { DeliveredPublisher } from './delivered-publisher';

const verificationId = `vf_${'4'.repeat(32)}`;
const status = (status: OtpDeliveredPayload['status'], attempt = 1): OtpDeliveredPayload => ({
  channel: 'sms',
  attempt,
  provider: 'fake',
  providerMessageId: 'm1',
  status,
  errorCode: status === 'failed' ? 'E1' : null,
  errorMessage: status === 'failed' ? 'no' : null,
  permanent: false,
  at: '2026-01-01T00:00:00.000Z',
  latencyMs: 5,
});

function build(failFirst = false) {
  const sent: string[] = [];
  let calls = 0;
  const bus = strictMock<BusPublisher>('bus', {
    publish: async (_topic, envelope) => {
      if (failFirst && calls++ === 0) throw new Error('broker gone');
      const payload = envelope.payload as OtpDeliveredPayload;
      sent.push(`${payload.attempt}:${payload.status}`);
    },
  });
  return { delivered: new DeliveredPublisher(bus), sent };
}

describe('DeliveredPublisher', () => {
  it('publishes each sent/delivered status of an attempt once, and every failed', async () => {
    const { delivered, sent } = build();
    const results = [];
    for (const payload of [
      status('sent'),
      status('sent'),
      status('delivered'),
      status('delivered'),
      status('sent', 2),
    ]) {
      results.push(await delivered.publish('acme', verificationId, payload));
    }
    results.push(await delivered.publish('acme', verificationId, status('failed', 3)));
    results.push(await delivered.publish('acme', verificationId, status('failed', 3)));
    expect(results).toEqual([true, false, true, false, true, true, true]);
    expect(sent).toEqual(['1:sent', '1:delivered', '2:sent', '3:failed', '3:failed']);
  });

  it('remembers a status only once it was published: a failed publish is tried again', async () => {
    const { delivered, sent } = build(true);
    await expect(delivered.publish('acme', verificationId, status('delivered'))).rejects.toThrow('broker gone');
    await expect(delivered.publish('acme', verificationId, status('delivered'))).resolves.toBe(true);
    expect(sent).toEqual(['1:delivered']);
  });
});

import type { Consumer } from 'kafkajs';
import { MetricsRegistry } from '@tessera/observability';
import { reportConsumerLag } from './consumer-lag';

/** Just enough of a kafkajs consumer to emit its instrumentation events. */
function fakeConsumer() {
  const listeners = new Map<string, (event: { payload: any }) => void>();
  const events = { START_BATCH_PROCESS: 'start', END_BATCH_PROCESS: 'end', GROUP_JOIN: 'join' };
  const consumer = { events, on: (name: string, listener: any) => listeners.set(name, listener) };
  const emit = (name: string, payload: unknown) => listeners.get(name)!({ payload });
  return { consumer: consumer as unknown as Consumer, emit };
}

const lagOf = async (metrics: MetricsRegistry) =>
  (await metrics.busGroupLag.get()).values.map((v) => `${v.labels.topic}[${v.labels.partition}]=${v.value}`).sort();

describe('reportConsumerLag', () => {
  it('sets the lag of each fetched partition from its batch: before it when it starts, what is left when it ends', async () => {
    const metrics = new MetricsRegistry();
    const { consumer, emit } = fakeConsumer();
    reportConsumerLag(consumer, 'channel-sms', metrics);
    emit('start', { topic: 'otp.requested.sms', partition: 2, offsetLagLow: '120', offsetLag: '20' });
    expect(await lagOf(metrics)).toEqual(['otp.requested.sms[2]=120']);
    emit('end', { topic: 'otp.requested.sms', partition: 2, offsetLagLow: '120', offsetLag: '20' });
    emit('end', { topic: 'otp.requested.sms', partition: 4, offsetLagLow: '3', offsetLag: '0' });
    expect(await lagOf(metrics)).toEqual(['otp.requested.sms[2]=20', 'otp.requested.sms[4]=0']);
    expect((await metrics.busGroupLag.get()).values[0]!.labels.group).toBe('channel-sms');
  });

  it('forgets the partitions a rebalance took away', async () => {
    const metrics = new MetricsRegistry();
    const { consumer, emit } = fakeConsumer();
    reportConsumerLag(consumer, 'channel-sms', metrics);
    emit('end', { topic: 'otp.requested.sms', partition: 1, offsetLag: '5' });
    emit('end', { topic: 'otp.requested.sms', partition: 3, offsetLag: '7' });
    emit('join', { memberAssignment: { 'otp.requested.sms': [3] } });
    expect(await lagOf(metrics)).toEqual(['otp.requested.sms[3]=7']);
  });
});

import { Kafka } from 'kafkajs';
import { Topics } from '@tessera/contracts';
import { MetricsRegistry } from '@tessera/observability';
import type { BusPublisher } from './bus-publisher';
import { BusServer, MissingHandlerError } from './bus-server';

function serverFor(topics: string[], handled: string[]) {
  const kafka = {
    consumer: jest.fn(() => {
      throw new Error('must not connect when wiring is wrong');
    }),
  } as unknown as Kafka;
  const server = new BusServer({
    kafka,
    groupId: 'g',
    topics,
    publisher: {} as BusPublisher,
    metrics: new MetricsRegistry(),
  });
  for (const pattern of handled) server.addHandler(pattern, async () => undefined, pattern !== Topics.otpRequest);
  return { server, kafka };
}

describe('BusServer wiring check at boot', () => {
  it('fails fast when a consumed topic has no handler (Nest would drop its messages silently)', async () => {
    const { server, kafka } = serverFor([Topics.otpRequest, Topics.otpDelivered], [Topics.otpRequest]);
    const error = await new Promise<unknown>((resolve) => void server.listen(resolve));
    expect(error).toBeInstanceOf(MissingHandlerError);
    expect((error as Error).message).toContain('"otp.delivered" has no handler');
    expect(kafka.consumer).not.toHaveBeenCalled();
  });

  it('fails fast on a handler for a topic the app does not declare, and on topics outside the contracts', async () => {
    const { server } = serverFor(['not.a.topic'], [Topics.otpVerify]);
    const error = (await new Promise<unknown>((resolve) => void server.listen(resolve))) as Error;
    expect(error.message).toContain('"not.a.topic" is not in libs/contracts');
    expect(error.message).toContain('handler for "otp.verify" is not in this app');
  });
});

import { randomBytes } from 'node:crypto';
import { Topics, type Envelope } from '@tessera/contracts';
import { CodeSealer } from '@tessera/crypto';
import type { BusPublisher } from '@tessera/messaging';
import { strictMock } from '@tessera/testing';
import { DeliveryTryHeaders } from './delivery-try';
import { otpRequestedEvent } from './otp-requested.fixture';
import { RetryScheduler } from './retry-scheduler';

const id = `vf_${'4'.repeat(32)}`;
const sealer = new CodeSealer(new Map([['k1', randomBytes(32)]]), 'k1');
const event = otpRequestedEvent(sealer, id);

describe('RetryScheduler', () => {
  const start = new Date('2026-12-06T08:00:00.000Z').getTime();
  let published: Array<{ at: number; headers: Record<string, string> }>;
  let scheduler: RetryScheduler;

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    published = [];
    scheduler = new RetryScheduler(
      strictMock<BusPublisher>('bus', {
        publish: async (_topic: string, _event: Envelope, headers: Record<string, string> = {}) =>
          void published.push({ at: Date.now(), headers }),
      }),
    );
  });

  afterEach(() => jest.useRealTimers());

  it('republishes the next try with its headers once its not-before time has come', async () => {
    scheduler.schedule(Topics.otpRequestedSms, event, { number: 2, notBefore: start + 50 });
    await jest.advanceTimersByTimeAsync(49);
    expect(published).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(published).toEqual([
      {
        at: start + 50,
        headers: { [DeliveryTryHeaders.try]: '2', [DeliveryTryHeaders.notBefore]: String(start + 50) },
      },
    ]);
    expect(scheduler.waiting).toBe(0);
  });

  it('never republishes before the wall-clock not-before time, even when its timer fires early', async () => {
    scheduler.schedule(Topics.otpRequestedSms, event, { number: 2, notBefore: start + 50 });
    // The loop's timer clock runs 5 ms ahead of Date.now(): the timer fires while the copy is not yet due.
    jest.setSystemTime(start - 5);
    await jest.advanceTimersByTimeAsync(50);
    expect(Date.now()).toBe(start + 45);
    expect(published).toHaveLength(0);
    expect(scheduler.waiting).toBe(1);
    await jest.advanceTimersByTimeAsync(5);
    expect(published.map((p) => p.at)).toEqual([start + 50]);
    expect(scheduler.waiting).toBe(0);
  });

  it('hands every waiting retry back at once at shutdown', async () => {
    scheduler.schedule(Topics.otpRequestedSms, event, { number: 3, notBefore: start + 60_000 });
    await scheduler.beforeApplicationShutdown();
    expect(published.map((p) => [p.at, p.headers[DeliveryTryHeaders.try]])).toEqual([[start, '3']]);
    expect(scheduler.waiting).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(published).toHaveLength(1);
  });
});

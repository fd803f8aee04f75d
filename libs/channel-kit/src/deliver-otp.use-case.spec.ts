import { randomBytes } from 'node:crypto';
import { Topics, dlqTopicFor, type Envelope } from '@tessera/contracts';
import { CodeSealer } from '@tessera/crypto';
import type { BusContext, BusPublisher } from '@tessera/messaging';
import { MetricsRegistry } from '@tessera/observability';
import { strictMock } from '@tessera/testing';
import type { ChannelProvider, OutboundMessage, SendReceipt } from './channel-provider';
import type { ChannelOptions } from './channel-kit.tokens';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { DeliverOtpUseCase } from './deliver-otp.use-case';
import { DeliveredPublisher } from './delivered-publisher';
import type { ClaimRequest, DeliveryClaimRepository } from './delivery-claim.repository';
import { DeliveryOutcomePublisher } from './delivery-outcome.publisher';
import { otpRequestedEvent } from './otp-requested.fixture';
import { DeliveryTryHeaders } from './delivery-try';
import { PermanentProviderError, RetryableProviderError, UnconfirmedSendError } from './provider-errors';
import type { ProviderMessageMap } from './provider-message-map';
import { RetryScheduler } from './retry-scheduler';
import { SendTryRunner } from './send-try.runner';

const id = `vf_${'2'.repeat(32)}`;
const sealer = new CodeSealer(new Map([['k1', randomBytes(32)]]), 'k1');
const options: ChannelOptions = {
  ratePerSecond: 1000,
  sendRetry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 },
  maxSendsInFlight: 4,
  retentionHours: 24,
};

const event = (sealedWith = sealer) => otpRequestedEvent(sealedWith, id);

const source = (headers: Record<string, string> = {}): BusContext => ({
  topic: Topics.otpRequestedSms,
  partition: 3,
  offset: '42',
  headers,
});

interface BusMessage {
  topic: string;
  envelope: Envelope<any>;
  headers: Record<string, string>;
}

/** Everything published, with a wait for the one a test expects (no sleeps), and consumers like Kafka's. */
class Bus {
  readonly messages: BusMessage[] = [];
  private wakers: Array<() => void> = [];
  private readonly consumers = new Map<string, (message: BusMessage) => Promise<void>>();

  readonly publisher = strictMock<BusPublisher>('bus', {
    publish: async (topic: string, envelope: Envelope, headers: Record<string, string> = {}) => {
      const message = { topic, envelope, headers: headers as Record<string, string> };
      this.messages.push(message);
      this.wakers.forEach((wake) => wake());
      const consume = this.consumers.get(topic);
      if (consume) setImmediate(() => void consume(message));
    },
  });

  /** Hands every message published on `topic` from now on to `consume`, each copy once, as a consumer would. */
  consume(topic: string, consume: (message: BusMessage) => Promise<void>): void {
    this.consumers.set(topic, consume);
  }

  delivered(): any[] {
    return this.messages.filter((m) => m.topic === Topics.otpDelivered).map((m) => m.envelope.payload);
  }

  waitFor(match: (m: BusMessage) => boolean): Promise<BusMessage> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.messages.find(match);
        if (found) resolve(found);
        return Boolean(found);
      };
      if (!check()) this.wakers.push(check);
    });
  }
}

function build(provider: Partial<ChannelProvider>, claimed: (claim: ClaimRequest) => boolean = () => true) {
  const bus = new Bus();
  const metrics = new MetricsRegistry();
  const claims: ClaimRequest[] = [];
  const remembered: unknown[] = [];
  const channel = strictMock<ChannelProvider>('provider', {
    id: 'fake',
    channel: 'sms',
    receipts: 'in-callback',
    ...provider,
  } as Partial<ChannelProvider>);
  const outcomes = new DeliveryOutcomePublisher(new DeliveredPublisher(bus.publisher), metrics);
  const retries = new RetryScheduler(bus.publisher);
  const runner = new SendTryRunner(
    channel,
    options,
    outcomes,
    retries,
    new DeadLetterPublisher(bus.publisher, metrics),
    strictMock<ProviderMessageMap>('messageIds', {
      remember: async (...args: unknown[]) => void remembered.push(args),
    }),
  );
  const useCase = new DeliverOtpUseCase(
    channel,
    options,
    strictMock<DeliveryClaimRepository>('claims', {
      claim: async (claim: ClaimRequest) => {
        claims.push(claim);
        return claimed(claim);
      },
    }),
    sealer,
    runner,
    retries,
    outcomes,
  );
  return { useCase, bus, claims, remembered, retries };
}

const sent = (providerMessageId = 'm1'): SendReceipt => ({ providerMessageId, status: 'sent' });

describe('DeliverOtpUseCase', () => {
  it('returns before the provider answers, then sends the rendered code once and reports it sent', async () => {
    let answer!: (receipt: SendReceipt) => void;
    let calledProvider!: () => void;
    const providerCalled = new Promise<void>((resolve) => (calledProvider = resolve));
    const send = jest.fn(() => {
      calledProvider();
      return new Promise<SendReceipt>((resolve) => (answer = resolve));
    });
    const { useCase, bus, claims } = build({ send });
    await useCase.execute(event(), source());
    await providerCalled;
    expect(bus.messages).toHaveLength(0);
    expect(claims).toEqual([expect.objectContaining({ verificationId: id, attempt: 1, try: 1 })]);
    expect((send.mock.calls[0] as unknown as [OutboundMessage])[0]).toMatchObject({
      ref: { tenantId: 'acme', verificationId: id, attempt: 1 },
      code: '123456',
      text: '123456 is your Acme code (2 min)',
    });
    answer(sent());
    await bus.waitFor((m) => m.topic === Topics.otpDelivered);
    expect(send).toHaveBeenCalledTimes(1);
    expect(bus.delivered()).toEqual([expect.objectContaining({ status: 'sent', providerMessageId: 'm1', attempt: 1 })]);
  });

  it('sends nothing when the try was already claimed (a redelivered event, another replica)', async () => {
    const { useCase, bus } = build({}, () => false);
    await expect(useCase.execute(event(), source())).resolves.toBeUndefined();
    expect(bus.messages).toHaveLength(0);
  });

  it('reports a permanent provider refusal as failed, for fallback, without retrying', async () => {
    const send = jest.fn(async () => {
      throw new PermanentProviderError('not a user', '131026');
    });
    const { useCase, bus } = build({ send });
    await useCase.execute(event(), source());
    await bus.waitFor((m) => m.topic === Topics.otpDelivered);
    expect(send).toHaveBeenCalledTimes(1);
    expect(bus.delivered()).toEqual([
      expect.objectContaining({ status: 'failed', errorCode: '131026', permanent: true }),
    ]);
    expect(bus.messages.filter((m) => m.topic === Topics.otpRequestedSms)).toHaveLength(0);
  });

  it('reports a send the provider did not answer in time as sent, unconfirmed, and never sends it again', async () => {
    const send = jest.fn(async () => {
      throw new UnconfirmedSendError('did not answer within 10000 ms', 'timeout');
    });
    const { useCase, bus, claims } = build({ send });
    await useCase.execute(event(), source());
    await bus.waitFor((m) => m.topic === Topics.otpDelivered);
    expect(send).toHaveBeenCalledTimes(1);
    expect(claims).toHaveLength(1);
    expect(bus.delivered()).toEqual([
      expect.objectContaining({ status: 'sent', providerMessageId: null, errorCode: null, attempt: 1 }),
    ]);
    // no retry scheduled, nothing dead-lettered: the receipts or the step timeout decide
    expect(bus.messages.map((m) => m.topic)).toEqual([Topics.otpDelivered]);
  });

  it('retries a transient error by republishing the same event as the next try, each try fenced on its own', async () => {
    const send = jest.fn(async () => {
      throw new RetryableProviderError('HTTP 500', 'http_500');
    });
    const { useCase, bus, claims } = build({ send });
    const original = event();
    // Every republished copy comes back as it would from Kafka; one that arrives a hair before its not-before
    // time is held and republished again, so the test follows the bus rather than counting hops.
    bus.consume(Topics.otpRequestedSms, (copy) => useCase.execute(copy.envelope, source(copy.headers)));
    await useCase.execute(original, source());
    const dead = await bus.waitFor((m) => m.topic === dlqTopicFor(Topics.otpRequestedSms));
    const copies = bus.messages.filter((m) => m.topic === Topics.otpRequestedSms);
    expect(new Set(copies.map((copy) => copy.headers[DeliveryTryHeaders.try]))).toEqual(new Set(['2', '3']));
    for (const copy of copies) {
      expect(copy.envelope).toBe(original);
      expect(Number(copy.headers[DeliveryTryHeaders.notBefore])).toBeGreaterThan(0);
    }
    expect(send).toHaveBeenCalledTimes(3);
    expect(claims.map((c) => c.try)).toEqual([1, 2, 3]);
    expect(bus.delivered()).toEqual([
      expect.objectContaining({ status: 'failed', errorCode: 'http_500', permanent: false }),
    ]);
    expect(dead.envelope).toBe(original);
    expect(dead.headers).toMatchObject({
      'tessera-dlq-error': expect.stringMatching(/did not accept the message: HTTP 500/),
      'tessera-dlq-source-topic': Topics.otpRequestedSms,
      'tessera-dlq-source-partition': '3',
    });
  });

  it('holds a retry handed back before its time without claiming it, and republishes it when due', async () => {
    const send = jest.fn(async () => sent());
    const { useCase, bus, claims } = build({ send });
    const early = { [DeliveryTryHeaders.try]: '2', [DeliveryTryHeaders.notBefore]: String(Date.now() + 30) };
    await useCase.execute(event(), source(early));
    expect(claims).toHaveLength(0);
    const again = await bus.waitFor((m) => m.topic === Topics.otpRequestedSms);
    expect(again.headers).toEqual(early);
    expect(send).not.toHaveBeenCalled();
  });

  it('sends a retry handed back early at once when this replica is shutting down too', async () => {
    const send = jest.fn(async () => sent());
    const { useCase, bus, claims, retries } = build({ send });
    await retries.beforeApplicationShutdown();
    await useCase.beforeApplicationShutdown();
    const early = { [DeliveryTryHeaders.try]: '2', [DeliveryTryHeaders.notBefore]: String(Date.now() + 60_000) };
    await useCase.execute(event(), source(early));
    expect(claims).toEqual([expect.objectContaining({ try: 2 })]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(bus.delivered()).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(bus.messages.filter((m) => m.topic === Topics.otpRequestedSms)).toHaveLength(0);
  });

  it('hands every waiting retry back to the bus at shutdown', async () => {
    const send = jest.fn(async () => {
      throw new RetryableProviderError('HTTP 429', 'http_429', 60_000);
    });
    const { useCase, bus, retries } = build({ send });
    await useCase.execute(event(), source());
    await useCase.beforeApplicationShutdown();
    expect(retries.waiting).toBe(1);
    await retries.beforeApplicationShutdown();
    const handedBack = await bus.waitFor((m) => m.topic === Topics.otpRequestedSms);
    expect(Number(handedBack.headers[DeliveryTryHeaders.notBefore])).toBeGreaterThan(Date.now() + 50_000);
    expect(retries.waiting).toBe(0);
  });

  it('keeps the message id of a provider whose receipts carry nothing else', async () => {
    const { useCase, bus, remembered } = build({ receipts: 'by-message-id', send: async () => sent('smsc-7') });
    await useCase.execute(event(), source());
    await bus.waitFor((m) => m.topic === Topics.otpDelivered);
    expect(remembered).toEqual([['fake', 'smsc-7', expect.objectContaining({ verificationId: id, attempt: 1 })]]);
  });

  it('dead-letters a code it cannot open without using up the attempt', async () => {
    const other = new CodeSealer(new Map([['k2', randomBytes(32)]]), 'k2');
    const { useCase, claims } = build({});
    await expect(useCase.execute(event(other), source())).rejects.toMatchObject({ code: 'request.invalid' });
    expect(claims).toHaveLength(0);
  });
});

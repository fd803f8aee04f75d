import { randomBytes } from 'node:crypto';
import { OtpRequestedV1, createEnvelope } from '@tessera/contracts';
import { CodeSealer } from '@tessera/crypto';
import { MetricsRegistry } from '@tessera/observability';
import { strictMock } from '@tessera/testing';
import type { ChannelProvider } from './channel-provider';
import type { DeliveredPublisher } from './delivered-publisher';
import type { DeliveryLedger } from './delivery-ledger';
import { DeliverOtpUseCase } from './deliver-otp.use-case';
import { PermanentProviderError, RetryableProviderError } from './provider-errors';

const id = `vf_${'2'.repeat(32)}`;
const key = randomBytes(32);
const sealer = new CodeSealer(new Map([['k1', key]]), 'k1');
const options = { ratePerSecond: 1000, sendRetry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } };

const event = (sealedWith = sealer) =>
  createEnvelope(OtpRequestedV1, {
    tenantId: 'acme',
    verificationId: id,
    payload: {
      channel: 'sms',
      attempt: 1,
      to: '+447911123456',
      brand: 'Acme',
      template: { locale: 'en', text: '{code} is your {brand} code ({minutes} min)' },
      sealedCode: sealedWith.seal('123456', id),
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
    },
  });

function build(provider: Partial<ChannelProvider>, ledger: Partial<DeliveryLedger>, published: unknown[] = []) {
  return new DeliverOtpUseCase(
    strictMock<ChannelProvider>('provider', { id: 'fake', channel: 'sms', ...provider } as Partial<ChannelProvider>),
    strictMock<DeliveryLedger>('ledger', ledger),
    options,
    sealer,
    strictMock<DeliveredPublisher>('delivered', {
      publish: async (_t: string, _v: string, payload: unknown) => void published.push(payload),
    }),
    new MetricsRegistry(),
  );
}

describe('DeliverOtpUseCase', () => {
  it('sends the rendered code once and reports it sent', async () => {
    const published: any[] = [];
    const send = jest.fn(async () => ({ providerMessageId: 'm1', status: 'sent' as const }));
    const useCase = build(
      { send },
      { claim: async () => true, markSent: async () => undefined, firstReceipt: async () => true },
      published,
    );
    await useCase.execute(event());
    expect(send).toHaveBeenCalledTimes(1);
    expect((send.mock.calls[0] as any[])[0]).toMatchObject({
      code: '123456',
      text: '123456 is your Acme code (2 min)',
    });
    expect(published).toEqual([expect.objectContaining({ status: 'sent', providerMessageId: 'm1', attempt: 1 })]);
  });

  it('sends nothing when the attempt was already claimed (a redelivered event)', async () => {
    const useCase = build({}, { claim: async () => false });
    await expect(useCase.execute(event())).resolves.toBeUndefined();
  });

  it('reports a permanent provider refusal as failed, for fallback, without retrying', async () => {
    const published: any[] = [];
    const send = jest.fn(async () => {
      throw new PermanentProviderError('not a user', '131026');
    });
    const useCase = build({ send }, { claim: async () => true, markFailed: async () => undefined }, published);
    await useCase.execute(event());
    expect(send).toHaveBeenCalledTimes(1);
    expect(published).toEqual([expect.objectContaining({ status: 'failed', errorCode: '131026', permanent: true })]);
  });

  it('retries transient errors, then reports failed and dead-letters', async () => {
    const published: any[] = [];
    const send = jest.fn(async () => {
      throw new RetryableProviderError('HTTP 500', 'http_500');
    });
    const useCase = build({ send }, { claim: async () => true, markFailed: async () => undefined }, published);
    await expect(useCase.execute(event())).rejects.toMatchObject({ code: 'delivery.provider_unavailable' });
    expect(send).toHaveBeenCalledTimes(3);
    expect(published).toEqual([expect.objectContaining({ status: 'failed', permanent: false })]);
  });

  it('dead-letters a code it cannot open without using up the attempt', async () => {
    const other = new CodeSealer(new Map([['k2', randomBytes(32)]]), 'k2');
    const useCase = build({}, {});
    await expect(useCase.execute(event(other))).rejects.toMatchObject({ code: 'request.invalid' });
  });
});

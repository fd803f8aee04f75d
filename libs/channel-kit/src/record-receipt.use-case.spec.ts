import { MetricsRegistry, runInTrace } from '@tessera/observability';
import { strictMock } from '@tessera/testing';
import type { ChannelProvider, ProviderStatusReport, ReceiptCorrelation } from './channel-provider';
import type { DeliveredPublisher } from './delivered-publisher';
import type { DeliveryRef } from './delivery-ref';
import type { ProviderMessageMap } from './provider-message-map';
import { RecordReceiptUseCase } from './record-receipt.use-case';

const ref: DeliveryRef = {
  tenantId: 'acme',
  verificationId: `vf_${'3'.repeat(32)}`,
  attempt: 2,
  requestedAt: new Date('2026-01-01T00:00:00.000Z'),
};
const report = (
  delivery: DeliveryRef | null,
  status: ProviderStatusReport['status'] = 'delivered',
): ProviderStatusReport => ({
  providerMessageId: 'm1',
  status,
  errorCode: null,
  errorMessage: null,
  permanent: false,
  at: new Date('2026-01-01T00:00:01.500Z'),
  delivery,
});

function build(receipts: ReceiptCorrelation, messageIds: Partial<ProviderMessageMap> = {}, fresh = true) {
  const published: unknown[][] = [];
  const useCase = new RecordReceiptUseCase(
    strictMock<ChannelProvider>('provider', { id: 'fake', channel: 'sms', receipts } as Partial<ChannelProvider>),
    strictMock<ProviderMessageMap>('messageIds', messageIds),
    strictMock<DeliveredPublisher>('delivered', {
      publish: async (...args: unknown[]) => {
        published.push(args);
        return fresh;
      },
    }),
    new MetricsRegistry(),
  );
  return { useCase, published };
}

describe('RecordReceiptUseCase', () => {
  it('publishes the status for the attempt the callback carried, looking nothing up', async () => {
    const { useCase, published } = build('in-callback');
    await expect(useCase.execute(report(ref))).resolves.toBe('recorded');
    expect(published).toEqual([
      [
        'acme',
        ref.verificationId,
        expect.objectContaining({ attempt: 2, status: 'delivered', providerMessageId: 'm1', latencyMs: 1500 }),
        expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      ],
    ]);
  });

  it('answers already_reported for a status the publisher had published for the attempt', async () => {
    const { useCase, published } = build('in-callback', {}, false);
    await expect(useCase.execute(report(ref))).resolves.toBe('already_reported');
    expect(published).toHaveLength(1);
  });

  it('publishes no `sent` receipt: the send reported `sent` on whichever replica sent it', async () => {
    const { useCase, published } = build('in-callback');
    await expect(useCase.execute(report(ref, 'sent'))).resolves.toBe('already_reported');
    await expect(useCase.execute(report(ref, 'delivered'))).resolves.toBe('recorded');
    expect(published.map((args) => (args[2] as { status: string }).status)).toEqual(['delivered']);
  });

  it('does not look up the attempt of a `sent` receipt by message id, and still publishes a later status', async () => {
    const find = jest.fn(async () => ref);
    const { useCase, published } = build('by-message-id', { find });
    await expect(useCase.execute(report(null, 'sent'))).resolves.toBe('already_reported');
    expect(find).not.toHaveBeenCalled();
    await expect(useCase.execute(report(null, 'failed'))).resolves.toBe('recorded');
    expect(find).toHaveBeenCalledTimes(1);
    expect(published).toHaveLength(1);
  });

  it('answers unknown_message for a `sent` callback that carries no attempt', async () => {
    const { useCase, published } = build('in-callback');
    await expect(useCase.execute(report(null, 'sent'))).resolves.toBe('unknown_message');
    expect(published).toHaveLength(0);
  });

  it('continues the trace of the send the receipt reports on, not the webhook call it came with', async () => {
    const { useCase, published } = build('in-callback');
    const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    await runInTrace(`00-${'12'.repeat(16)}-${'34'.repeat(8)}-01`, () =>
      useCase.execute(report({ ...ref, traceparent })),
    );
    expect(published[0]![3]).toBe(traceparent);
  });

  it('answers unknown_message for a callback without its attempt, publishing nothing', async () => {
    const { useCase, published } = build('in-callback');
    await expect(useCase.execute(report(null))).resolves.toBe('unknown_message');
    expect(published).toHaveLength(0);
  });

  it('finds the attempt by message id for a provider whose receipts carry nothing else', async () => {
    const find = jest.fn(async () => ref);
    const { useCase, published } = build('by-message-id', { find });
    await expect(useCase.execute(report(null))).resolves.toBe('recorded');
    expect(find).toHaveBeenCalledWith('fake', 'm1');
    expect(published).toHaveLength(1);
  });
});

import type { ProviderStatusReport, ReceiptOutcome, RecordReceiptUseCase } from '@tessera/channel-kit';
import { ReceiptRecorder } from './receipt-recorder';

const report: ProviderStatusReport = {
  providerMessageId: 'SM1',
  status: 'delivered',
  errorCode: null,
  errorMessage: null,
  permanent: false,
  at: new Date(),
  delivery: null,
};

const useCaseAnswering = (...outcomes: ReceiptOutcome[]) => {
  const execute = jest.fn(async () => outcomes.shift() ?? 'recorded');
  return { execute, useCase: { execute } as unknown as RecordReceiptUseCase };
};

describe('ReceiptRecorder', () => {
  it('records once when the message is known', async () => {
    const { execute, useCase } = useCaseAnswering('recorded');
    await expect(new ReceiptRecorder(useCase, [1, 1]).record(report)).resolves.toBe('recorded');
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('tries again while the message is unknown (the receipt beat the send’s bookkeeping)', async () => {
    const { execute, useCase } = useCaseAnswering('unknown_message', 'unknown_message', 'recorded');
    await expect(new ReceiptRecorder(useCase, [1, 1, 1]).record(report)).resolves.toBe('recorded');
    expect(execute).toHaveBeenCalledTimes(3);
  });

  it('gives up after the last delay and says so', async () => {
    const { execute, useCase } = useCaseAnswering('unknown_message', 'unknown_message', 'unknown_message');
    await expect(new ReceiptRecorder(useCase, [1, 1]).record(report)).resolves.toBe('unknown_message');
    expect(execute).toHaveBeenCalledTimes(3);
  });
});

import { Inject, Injectable, Optional } from '@nestjs/common';
import { RecordReceiptUseCase, type ProviderStatusReport, type ReceiptOutcome } from '@tessera/channel-kit';
import { sleep } from '@tessera/messaging';

/** Pauses between tries while a receipt's message is still unknown (override in tests). */
export const RECEIPT_RETRY_DELAYS_MS = Symbol('RECEIPT_RETRY_DELAYS_MS');
const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [100, 250, 500, 1000];

/**
 * Hands an SMPP receipt to RecordReceiptUseCase. A deliver_sm can beat the send's own bookkeeping (the SMSC
 * answers submit_sm and sends the receipt at once, before the message id's attempt is remembered), so an
 * `unknown_message` is tried again a few times, about two seconds in all, before it is given up.
 */
@Injectable()
export class ReceiptRecorder {
  private readonly delaysMs: readonly number[];

  constructor(
    private readonly recordReceipt: RecordReceiptUseCase,
    @Optional() @Inject(RECEIPT_RETRY_DELAYS_MS) delaysMs?: readonly number[],
  ) {
    this.delaysMs = delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  async record(report: ProviderStatusReport): Promise<ReceiptOutcome> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.recordReceipt.execute(report);
      const delay = this.delaysMs[attempt];
      if (outcome !== 'unknown_message' || delay === undefined) return outcome;
      await sleep(delay);
    }
  }
}

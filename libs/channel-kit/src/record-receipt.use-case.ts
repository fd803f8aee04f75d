import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@tessera/observability';
import { CHANNEL_PROVIDER, type ChannelProvider, type ProviderStatusReport } from './channel-provider';
import { DELIVERY_LEDGER } from './channel-kit.tokens';
import { DeliveredPublisher } from './delivered-publisher';
import type { DeliveryLedger, DeliveryRecord } from './delivery-ledger';

export type ReceiptOutcome = 'recorded' | 'duplicate' | 'unknown_message';

/**
 * A provider's later word on a message (webhook, SMPP receipt) becomes OtpDelivered. Replays are harmless:
 * each (message, status) is recorded once. Out-of-order statuses are passed on; the otp-service never
 * moves an attempt backwards.
 */
@Injectable()
export class RecordReceiptUseCase {
  private readonly receipts;

  constructor(
    @Inject(CHANNEL_PROVIDER) private readonly provider: ChannelProvider,
    @Inject(DELIVERY_LEDGER) private readonly ledger: DeliveryLedger,
    private readonly delivered: DeliveredPublisher,
    metrics: MetricsRegistry,
  ) {
    this.receipts = metrics.counter(
      'tessera_delivery_receipts_total',
      'Provider receipts by channel, provider, status and outcome',
      ['channel', 'provider', 'status', 'outcome'],
    );
  }

  async execute(report: ProviderStatusReport): Promise<ReceiptOutcome> {
    const delivery = await this.ledger.findByProviderMessageId(this.provider.id, report.providerMessageId);
    const labels = { channel: this.provider.channel, provider: this.provider.id, status: report.status };
    if (!delivery) {
      this.receipts.inc({ ...labels, outcome: 'unknown_message' });
      return 'unknown_message';
    }
    if (!(await this.ledger.firstReceipt(report.providerMessageId, report.status))) {
      this.receipts.inc({ ...labels, outcome: 'duplicate' });
      return 'duplicate';
    }
    try {
      await this.publishReport(delivery, report);
    } catch (error) {
      await this.ledger.forgetReceipt(report.providerMessageId, report.status);
      throw error;
    }
    this.receipts.inc({ ...labels, outcome: 'recorded' });
    return 'recorded';
  }

  private async publishReport(delivery: DeliveryRecord, report: ProviderStatusReport): Promise<void> {
    await this.delivered.publish(delivery.tenantId, delivery.verificationId, {
      channel: delivery.channel,
      attempt: delivery.attempt,
      provider: this.provider.id,
      providerMessageId: report.providerMessageId,
      status: report.status,
      errorCode: report.errorCode,
      errorMessage: report.errorMessage,
      permanent: report.permanent,
      at: report.at.toISOString(),
      latencyMs: delivery.sentAt ? Math.max(0, report.at.getTime() - delivery.claimedAt.getTime()) : null,
    });
  }
}

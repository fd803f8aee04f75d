import { Inject, Injectable, Logger } from '@nestjs/common';
import { MetricsRegistry, currentTraceparent, runInTrace } from '@tessera/observability';
import { CHANNEL_PROVIDER, type ChannelProvider, type ProviderStatusReport } from './channel-provider';
import { DeliveredPublisher } from './delivered-publisher';
import type { DeliveryRef } from './delivery-ref';
import { ProviderMessageMap } from './provider-message-map';

export type ReceiptOutcome = 'recorded' | 'already_reported' | 'unknown_message';

/**
 * A provider's later word on a message (webhook, SMPP receipt) becomes OtpDelivered. The attempt comes with the
 * callback (no database command), or, for a provider whose receipts carry only its message id, from the
 * ProviderMessageMap. A `sent` receipt is not published: the send reported `sent` when the provider took the
 * message, on whichever replica sent it (one webhook URL brings every callback to one replica, which cannot know
 * what another published). A status this replica already published for the attempt (a replayed callback) is not
 * published again (DeliveredPublisher); the otp-service ignores any other repeat. Out-of-order statuses are passed
 * on; the otp-service never moves an attempt backwards.
 */
@Injectable()
export class RecordReceiptUseCase {
  private readonly log = new Logger(RecordReceiptUseCase.name);
  private readonly receipts;

  constructor(
    @Inject(CHANNEL_PROVIDER) private readonly provider: ChannelProvider,
    private readonly messageIds: ProviderMessageMap,
    private readonly delivered: DeliveredPublisher,
    metrics: MetricsRegistry,
  ) {
    this.receipts = metrics.counter(
      'tessera_delivery_receipts_total',
      'Provider receipts by channel, provider, status, outcome (recorded, already_reported, unknown_message) and provider error code',
      ['channel', 'provider', 'status', 'outcome', 'error_code'],
    );
  }

  async execute(report: ProviderStatusReport): Promise<ReceiptOutcome> {
    const labels = {
      channel: this.provider.channel,
      provider: this.provider.id,
      status: report.status,
      error_code: report.errorCode?.slice(0, 64) ?? 'none',
    };
    // a `sent` receipt publishes nothing (the send did), so a provider that correlates by message id skips the look-up
    if (report.status === 'sent' && (report.delivery || this.provider.receipts === 'by-message-id')) {
      this.receipts.inc({ ...labels, outcome: 'already_reported' });
      return 'already_reported';
    }
    const delivery = report.delivery ?? (await this.lookUp(report.providerMessageId));
    if (!delivery) {
      this.receipts.inc({ ...labels, outcome: 'unknown_message' });
      return 'unknown_message';
    }
    // the receipt continues the trace of the send it reports on (carried in the ref), not the webhook call's
    const published = await runInTrace(delivery.traceparent ?? currentTraceparent(), async () => {
      const line = `receipt: attempt ${delivery.attempt} of ${delivery.verificationId} ${report.status}`;
      // a receipt of a send that went through is one flow's trace (LOG_LEVEL=debug); a failure is news
      if (report.status === 'failed') this.log.log(line);
      else this.log.debug(line);
      return this.publishReport(delivery, report);
    });
    const outcome = published ? 'recorded' : 'already_reported';
    this.receipts.inc({ ...labels, outcome });
    return outcome;
  }

  private lookUp(providerMessageId: string): Promise<DeliveryRef | null> | null {
    return this.provider.receipts === 'by-message-id'
      ? this.messageIds.find(this.provider.id, providerMessageId)
      : null;
  }

  private publishReport(delivery: DeliveryRef, report: ProviderStatusReport): Promise<boolean> {
    return this.delivered.publish(
      delivery.tenantId,
      delivery.verificationId,
      {
        channel: this.provider.channel,
        attempt: delivery.attempt,
        provider: this.provider.id,
        providerMessageId: report.providerMessageId,
        status: report.status,
        errorCode: report.errorCode,
        errorMessage: report.errorMessage,
        permanent: report.permanent,
        at: report.at.toISOString(),
        latencyMs: Math.max(0, Math.round(report.at.getTime() - delivery.requestedAt.getTime())),
      },
      currentTraceparent(),
    );
  }
}

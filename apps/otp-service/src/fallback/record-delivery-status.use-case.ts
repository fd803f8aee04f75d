import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCodes,
  type DeliveryStatus,
  type Envelope,
  type OtpDeliveredPayload,
} from '@tessera/contracts';
import { VerificationRepository } from '../verifications/verification.repository';
import { AdvancePlanUseCase } from './advance-plan.use-case';
import { VerificationMetrics } from '../verifications/verification.metrics';

const RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Records what a channel reports about one delivery attempt. Receipts may arrive twice or out of order: a
 * status never moves an attempt backwards. A failed attempt of the current step moves the plan on.
 */
@Injectable()
export class RecordDeliveryStatusUseCase {
  constructor(
    private readonly repository: VerificationRepository,
    private readonly advancePlan: AdvancePlanUseCase,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(event: Envelope<OtpDeliveredPayload>): Promise<void> {
    const report = event.payload;
    const existing = await this.repository.findForTenant(event.tenantId, event.verificationId ?? '');
    if (!existing)
      throw new DomainError(ErrorCodes.notFound, `no verification ${event.verificationId} for this tenant`);
    let failedStep: number | null = null;
    const updated = await this.repository.update(existing._id, (record) => {
      const delivery = record.deliveries.find((d) => d.attempt === report.attempt);
      if (!delivery) return null;
      if (delivery.history.some((h) => h.status === report.status)) return null;
      delivery.history.push({ status: report.status, at: new Date(report.at), errorCode: report.errorCode });
      delivery.history.sort((a, b) => a.at.getTime() - b.at.getTime());
      delivery.provider = report.provider;
      delivery.providerMessageId = report.providerMessageId ?? delivery.providerMessageId;
      if (report.errorCode) delivery.errorCode = report.errorCode;
      if (RANK[report.status] > RANK[delivery.status]) delivery.status = report.status;
      if (report.status === 'delivered' || report.status === 'read') delivery.stepDeadline = null;
      const isCurrent = record.deliveries[record.deliveries.length - 1]?.attempt === delivery.attempt;
      if (report.status === 'failed' && isCurrent && record.status === 'pending') {
        delivery.stepDeadline = null;
        failedStep = record.step;
      }
      return record;
    });
    if (updated && updated !== existing && report.status === 'delivered') {
      const seconds = (Date.parse(report.at) - existing.createdAt.getTime()) / 1000;
      this.metrics.toDelivered.observe({ channel: report.channel, provider: report.provider }, Math.max(0, seconds));
    }
    if (updated && failedStep !== null) {
      this.metrics.fallbacks.inc({ from: report.channel });
      await this.advancePlan.execute(
        updated,
        failedStep,
        `${report.channel} failed (${report.errorCode ?? 'no code'})`,
      );
    }
  }
}

import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCodes,
  type DeliveryStatus,
  type Envelope,
  type OtpDeliveredPayload,
} from '@tessera/contracts';
import { VerificationMetrics } from '../verifications/verification.metrics';
import type { VerificationRecord } from '../verifications/verification.schema';
import { VerificationStore } from '../verifications/verification.store';
import { AdvancePlanUseCase } from './advance-plan.use-case';

const RANK: Record<DeliveryStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Records what a channel reports about one delivery attempt, in one write. Receipts may arrive twice or out of
 * order: a status an attempt already has changes nothing (no write), and a status never moves an attempt
 * backwards. A failed attempt of the current step moves the plan on in the same write.
 */
@Injectable()
export class RecordDeliveryStatusUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly advancePlan: AdvancePlanUseCase,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(event: Envelope<OtpDeliveredPayload>): Promise<void> {
    const report = event.payload;
    const record = await this.store.find(event.tenantId, event.verificationId ?? '');
    if (!record) throw new DomainError(ErrorCodes.notFound, `no verification ${event.verificationId} for this tenant`);
    const known = record.deliveries.find((d) => d.attempt === report.attempt);
    if (!known || known.history.some((h) => h.status === report.status)) return;
    const next = structuredClone(record);
    const delivery = next.deliveries.find((d) => d.attempt === report.attempt)!;
    delivery.history.push({ status: report.status, at: new Date(report.at), errorCode: report.errorCode });
    delivery.history.sort((a, b) => a.at.getTime() - b.at.getTime());
    delivery.provider = report.provider;
    delivery.providerMessageId = report.providerMessageId ?? delivery.providerMessageId;
    if (report.errorCode) delivery.errorCode = report.errorCode;
    if (RANK[report.status] > RANK[delivery.status]) delivery.status = report.status;
    if (report.status === 'delivered' || report.status === 'read') delivery.stepDeadline = null;
    this.observe(record, report);
    const isCurrent = next.deliveries[next.deliveries.length - 1]?.attempt === delivery.attempt;
    if (report.status === 'failed' && isCurrent && next.status === 'pending') {
      delivery.stepDeadline = null;
      await this.advancePlan.execute(record, next, `${report.channel} failed (${report.errorCode ?? 'no code'})`);
      return;
    }
    await this.store.save(record, next);
  }

  /** Each status is observed once per attempt (a status the attempt already has returns before this). */
  private observe(record: VerificationRecord, report: OtpDeliveredPayload): void {
    const histogram =
      report.status === 'delivered' ? this.metrics.toDelivered : report.status === 'sent' ? this.metrics.toSent : null;
    if (!histogram) return;
    const seconds = (Date.parse(report.at) - record.createdAt.getTime()) / 1000;
    histogram.observe({ channel: report.channel, provider: report.provider }, Math.max(0, seconds));
  }
}

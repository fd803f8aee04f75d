import type { VerificationView } from '@tessera/contracts';
import { maskDestination } from '@tessera/observability';
import type { VerificationRecord } from './verification.schema';

/** What a client may see of a record: masked destination, no code material. */
export function toVerificationView(record: VerificationRecord): VerificationView {
  const pending = record.status === 'pending';
  return {
    id: record._id,
    status: record.status,
    reason: record.reason,
    to: maskDestination(record.to),
    channel: record.plan[record.step],
    plan: record.plan,
    expiresAt: record.expiresAt.toISOString(),
    attemptsRemaining: pending ? Math.max(0, record.maxChecks - record.checksUsed) : 0,
    sendsRemaining: pending ? Math.max(0, record.maxSends - record.sendsUsed) : 0,
    resendAvailableAt: pending && record.resendAvailableAt ? record.resendAvailableAt.toISOString() : null,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    metadata: record.metadata,
    deliveries: record.deliveries.map((d) => ({
      attempt: d.attempt,
      channel: d.channel,
      provider: d.provider,
      providerMessageId: d.providerMessageId,
      status: d.status,
      errorCode: d.errorCode,
      history: d.history.map((h) => ({ status: h.status, at: h.at.toISOString(), errorCode: h.errorCode })),
      requestedAt: d.requestedAt.toISOString(),
    })),
  };
}

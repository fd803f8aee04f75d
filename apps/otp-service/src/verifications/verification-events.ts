import {
  OtpLifecycleV1,
  OtpRequestedV1,
  OtpVerifiedV1,
  Topics,
  createEnvelope,
  requestedTopicFor,
  type Channel,
  type TenantPolicy,
  type VerificationStatus,
} from '@tessera/contracts';
import { currentTraceparent } from '@tessera/observability';
import { resolveTemplate } from './template-resolver';
import type { DeliveryAttempt, OutboxEntry, VerificationRecord } from './verification.schema';

/** The trace an event of `record` continues: the work in hand's (a command, a receipt), else the record's own. */
const traceOf = (record: VerificationRecord): string | null => currentTraceparent() ?? record.traceparent ?? null;

/** Appends delivery attempt `attempt` on `channel` and its OtpRequested to the record's outbox. */
export function addDeliveryAttempt(
  record: VerificationRecord,
  policy: TenantPolicy,
  channel: Channel,
  attempt: number,
  now: Date,
  traceparent: string | null,
): void {
  const hasNextStep = record.step < record.plan.length - 1;
  for (const d of record.deliveries) d.stepDeadline = null;
  const delivery: DeliveryAttempt = {
    attempt,
    channel,
    provider: null,
    providerMessageId: null,
    status: 'queued',
    errorCode: null,
    history: [{ status: 'queued', at: now, errorCode: null }],
    requestedAt: now,
    stepDeadline: hasNextStep ? new Date(now.getTime() + (policy.stepTimeoutSeconds[channel] ?? 30) * 1000) : null,
  };
  record.deliveries.push(delivery);
  record.outbox.push({
    topic: requestedTopicFor(channel),
    envelope: createEnvelope(OtpRequestedV1, {
      tenantId: record.tenantId,
      verificationId: record._id,
      traceparent: traceparent ?? traceOf(record),
      payload: {
        channel,
        attempt,
        to: record.to,
        brand: policy.brand,
        template: resolveTemplate(policy, record.locale),
        sealedCode: record.sealedCode,
        expiresAt: record.expiresAt.toISOString(),
      },
    }),
  });
}

/** Moves a pending record to its terminal state, with the events that announce it. */
export function applyTerminal(
  record: VerificationRecord,
  status: Exclude<VerificationStatus, 'pending'>,
  reason: string | null,
  now: Date,
  checkAttempt = 0,
): void {
  record.status = status;
  record.reason = reason;
  record.endedAt = now;
  record.resendAvailableAt = null;
  for (const d of record.deliveries) d.stepDeadline = null;
  const channel = record.plan[record.step];
  const events: OutboxEntry[] = [];
  if (status === 'approved') {
    const verified = createEnvelope(OtpVerifiedV1, {
      tenantId: record.tenantId,
      verificationId: record._id,
      traceparent: traceOf(record),
      payload: { channel, checkAttempt, verifiedAt: now.toISOString() },
    });
    events.push({ topic: Topics.otpVerified, envelope: verified });
  }
  events.push({
    topic: Topics.otpEvents,
    envelope: createEnvelope(OtpLifecycleV1, {
      tenantId: record.tenantId,
      verificationId: record._id,
      traceparent: traceOf(record),
      payload: { status, reason, channel, at: now.toISOString() },
    }),
  });
  record.outbox.push(...events);
}

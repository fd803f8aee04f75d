import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCodes,
  normaliseDestination,
  type Channel,
  type Envelope,
  type RequestVerificationPayload,
  type TenantPolicy,
  type VerificationView,
} from '@tessera/contracts';
import { CodeHasher, CodeSealer, destinationKey, newVerificationIdFor } from '@tessera/crypto';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../../../config/otp-service.config';
import { PartitionLanes } from '../../../partitions/partition-lanes';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { generateCode } from '../../code-generator';
import type { DestinationRecord } from '../../destination.schema';
import { IdempotencyStore } from '../../idempotency.store';
import { TenantRequestRate } from '../../tenant-request-rate';
import { addDeliveryAttempt } from '../../verification-events';
import { toVerificationView } from '../../verification-view';
import { VerificationMetrics } from '../../verification.metrics';
import type { VerificationRecord } from '../../verification.schema';
import { VerificationStore } from '../../verification.store';
import { ResendVerificationUseCase } from '../resend-verification/resend-verification.use-case';
import { hourOf, secondsToNextHour, sendsThisHour } from '../../destination-hour';

const HOUR_MS = 3600_000;

/**
 * Starts a verification: a new code to a destination, or, while the destination's latest verification is still
 * pending, a resend of that one. Costs a destination read on a cache miss and two writes.
 */
@Injectable()
export class IssueVerificationUseCase {
  private readonly log = new Logger(IssueVerificationUseCase.name);

  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly store: VerificationStore,
    private readonly lanes: PartitionLanes,
    private readonly idempotency: IdempotencyStore,
    private readonly resend: ResendVerificationUseCase,
    private readonly tenantRate: TenantRequestRate,
    private readonly hasher: CodeHasher,
    private readonly sealer: CodeSealer,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(
    tenant: TenantRecord,
    command: Envelope<RequestVerificationPayload>,
    partition: number,
  ): Promise<VerificationView> {
    const { payload } = command;
    const policy = tenant.policy;
    const plan = this.planOf(policy, payload);
    const destination = normaliseDestination(payload.to, plan);
    if (destination.country && policy.allowedCountries && !policy.allowedCountries.includes(destination.country)) {
      throw new DomainError(ErrorCodes.countryNotAllowed, `destination country ${destination.country} is not allowed`);
    }
    const destKey = destinationKey(tenant._id, destination.value, this.config.OTP_CODE_HMAC_SECRET);
    const known = await this.store.destination(destKey, partition);
    const latest = known?.latestId ? await this.store.find(tenant._id, known.latestId) : null;
    const now = new Date();
    const reuse = latest && latest.status === 'pending' && latest.expiresAt > now ? latest : null;
    const id = reuse?._id ?? newVerificationIdFor(this.lanes.routingKeyForDestination(tenant._id, destination.value));

    const { idempotencyKey, ...request } = payload;
    if (idempotencyKey) {
      const earlier = await this.idempotency.claim(tenant._id, idempotencyKey, request, id);
      if (earlier) return this.replay(tenant, earlier);
    }
    try {
      if (reuse) return await this.resend.execute(tenant, reuse._id, {}, command.traceparent);
      const rate = this.tenantRate.take(tenant._id, policy.requestsPerMinute, now);
      if (!rate.ok) throw new DomainError(ErrorCodes.rateLimited, 'tenant request rate exceeded', rate.retryAfter);
      const used = sendsThisHour(known, now);
      if (used >= policy.maxSendsPerDestinationPerHour) {
        throw new DomainError(
          ErrorCodes.destinationLimit,
          'too many codes sent to this destination this hour',
          secondsToNextHour(now),
        );
      }
      const record = this.newRecord(id, tenant, policy, plan, destination.value, destKey, partition, command, now);
      record.checksUsed = this.carriedChecks(latest, now);
      addDeliveryAttempt(record, policy, plan[0], 1, now, command.traceparent);
      const nextDestination: DestinationRecord = {
        _id: destKey,
        kind: 'destination',
        tenantId: tenant._id,
        latestId: id,
        hour: hourOf(now),
        sendsInHour: used + 1,
        updatedAt: now,
      };
      await this.store.create(record, nextDestination);
      this.metrics.issued.inc({ tenant: tenant._id, channel: plan[0] });
      this.log.debug(`verification ${id} issued, ${plan[0]} first`);
      return toVerificationView(record);
    } catch (error) {
      if (idempotencyKey) await this.idempotency.forget(tenant._id, idempotencyKey, id);
      throw error;
    }
  }

  private async replay(tenant: TenantRecord, verificationId: string): Promise<VerificationView> {
    const record = await this.store.find(tenant._id, verificationId);
    if (!record) {
      throw new DomainError(
        ErrorCodes.idempotencyConflict,
        'a request with this Idempotency-Key is still in progress',
        1,
      );
    }
    return toVerificationView(record);
  }

  private newRecord(
    id: string,
    tenant: TenantRecord,
    policy: TenantPolicy,
    plan: Channel[],
    to: string,
    destKey: string,
    partition: number,
    command: Envelope<RequestVerificationPayload>,
    now: Date,
  ): VerificationRecord {
    const code = generateCode(command.payload.codeLength ?? policy.codeLength);
    const ttlSeconds = Math.min(command.payload.ttlSeconds ?? policy.ttlSeconds, 600);
    return {
      _id: id,
      tenantId: tenant._id,
      partition,
      to,
      destinationKey: destKey,
      plan,
      step: 0,
      status: 'pending',
      reason: null,
      codeHash: this.hasher.hash(id, code),
      sealedCode: this.sealer.seal(code, id),
      codeLength: code.length,
      locale: command.payload.locale ?? policy.defaultLocale,
      metadata: command.payload.metadata ?? {},
      maxChecks: policy.maxChecks,
      checksUsed: 0,
      maxSends: policy.maxSendsPerVerification,
      sendsUsed: 1,
      resendAvailableAt: new Date(now.getTime() + policy.resendCooldownsSeconds[0] * 1000),
      deliveries: [],
      checks: [],
      outbox: [],
      version: 1,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      createdAt: now,
      updatedAt: now,
      endedAt: null,
      traceparent: command.traceparent,
    };
  }

  /** A new code never resets the failure count: the checks of an unapproved code of the last hour carry over. */
  private carriedChecks(latest: VerificationRecord | null, now: Date): number {
    if (!latest || latest.status === 'approved') return 0;
    return now.getTime() - latest.createdAt.getTime() < HOUR_MS ? latest.checksUsed : 0;
  }

  private planOf(policy: TenantPolicy, payload: RequestVerificationPayload): Channel[] {
    const plan = payload.channels ?? (payload.channel ? [payload.channel] : policy.defaultPlan);
    const refused = plan.filter((c) => !policy.allowedChannels.includes(c));
    if (refused.length > 0) {
      throw new DomainError(ErrorCodes.channelNotAllowed, `channel not allowed for this tenant: ${refused.join(', ')}`);
    }
    return plan;
  }
}

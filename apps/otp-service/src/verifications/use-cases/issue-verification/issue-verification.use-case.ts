import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCodes,
  type Channel,
  type Envelope,
  type RequestVerificationPayload,
  type TenantPolicy,
  type VerificationView,
} from '@tessera/contracts';
import { CodeHasher, CodeSealer, destinationKey, newVerificationId } from '@tessera/crypto';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../../../config/otp-service.config';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { OutboxRelay } from '../../../outbox/outbox.relay';
import { generateCode } from '../../code-generator';
import { normaliseDestination } from '@tessera/contracts';
import { IdempotencyStore } from '../../idempotency.store';
import { VerificationDecisions } from '../../verification-decisions';
import { addDeliveryAttempt } from '../../verification-events';
import { VerificationRepository } from '../../verification.repository';
import type { VerificationRecord } from '../../verification.schema';
import { ResendVerificationUseCase } from '../resend-verification/resend-verification.use-case';
import { VerificationReader } from '../../verification-reader';
import { VerificationMetrics } from '../../verification.metrics';

@Injectable()
export class IssueVerificationUseCase {
  constructor(
    @Inject(OTP_SERVICE_CONFIG) private readonly config: OtpServiceEnv,
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
    private readonly idempotency: IdempotencyStore,
    private readonly resend: ResendVerificationUseCase,
    private readonly reader: VerificationReader,
    private readonly outbox: OutboxRelay,
    private readonly hasher: CodeHasher,
    private readonly sealer: CodeSealer,
    private readonly metrics: VerificationMetrics,
  ) {}

  async execute(tenant: TenantRecord, command: Envelope<RequestVerificationPayload>): Promise<VerificationView> {
    const { payload } = command;
    const policy = tenant.policy;
    const plan = this.planOf(policy, payload);
    const destination = normaliseDestination(payload.to, plan);
    if (destination.country && policy.allowedCountries && !policy.allowedCountries.includes(destination.country)) {
      throw new DomainError(ErrorCodes.countryNotAllowed, `destination country ${destination.country} is not allowed`);
    }
    const destKey = destinationKey(tenant._id, destination.value, this.config.OTP_CODE_HMAC_SECRET);

    if (payload.idempotencyKey) {
      const { idempotencyKey, ...request } = payload;
      const replay = await this.idempotency.remember(tenant._id, idempotencyKey, request);
      if (replay.verificationId) return this.reader.view(tenant._id, replay.verificationId);
      try {
        return await this.issueOrReuse(tenant, policy, plan, destination.value, destKey, command, (id) =>
          this.idempotency.bind(tenant._id, idempotencyKey, id),
        );
      } catch (error) {
        await this.idempotency.forget(tenant._id, idempotencyKey);
        throw error;
      }
    }
    return this.issueOrReuse(tenant, policy, plan, destination.value, destKey, command);
  }

  private async issueOrReuse(
    tenant: TenantRecord,
    policy: TenantPolicy,
    plan: Channel[],
    to: string,
    destKey: string,
    command: Envelope<RequestVerificationPayload>,
    bind?: (id: string) => Promise<void>,
  ): Promise<VerificationView> {
    const now = new Date();
    const latest = await this.repository.findLatestForDestination(tenant._id, destKey);
    if (latest && latest.status === 'pending' && latest.expiresAt > now) {
      await bind?.(latest._id);
      return this.resend.execute(tenant, latest._id, {}, command.traceparent);
    }
    if ((await this.decisions.takeTenantRequestSlot(tenant._id, policy.requestsPerMinute, now)) === null) {
      throw new DomainError(ErrorCodes.rateLimited, 'tenant request rate exceeded', 60 - now.getUTCSeconds());
    }
    if ((await this.decisions.takeDestinationSlot(destKey, policy.maxSendsPerDestinationPerHour, now)) === null) {
      throw new DomainError(
        ErrorCodes.destinationLimit,
        'too many codes sent to this destination this hour',
        this.decisions.secondsToNextHour(now),
      );
    }
    const id = newVerificationId();
    await this.decisions.takeSendSlot(id, policy.maxSendsPerVerification);
    await this.decisions.claimDeliveryAttempt(id, 1);
    await bind?.(id);

    const code = generateCode(command.payload.codeLength ?? policy.codeLength);
    const ttlSeconds = Math.min(command.payload.ttlSeconds ?? policy.ttlSeconds, 600);
    const record: VerificationRecord = {
      _id: id,
      tenantId: tenant._id,
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
      checkKey: this.carriedCheckKey(latest, now) ?? id,
      maxChecks: policy.maxChecks,
      maxSends: policy.maxSendsPerVerification,
      sendsUsed: 1,
      resendAvailableAt: new Date(now.getTime() + policy.resendCooldownsSeconds[0] * 1000),
      deliveries: [],
      checks: [],
      outbox: [],
      hasOutbox: true,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      createdAt: now,
      updatedAt: now,
      endedAt: null,
    };
    addDeliveryAttempt(record, policy, plan[0], 1, now, command.traceparent);
    await this.repository.create(record);
    this.outbox.publishSoon(id);
    this.metrics.issued.inc({ channel: plan[0] });
    return this.reader.viewOf(record);
  }

  /** A new code never resets the failure count: unapproved checks of the last hour carry over. */
  private carriedCheckKey(latest: VerificationRecord | null, now: Date): string | null {
    if (!latest || latest.status === 'approved') return null;
    return now.getTime() - latest.createdAt.getTime() < 3600_000 ? latest.checkKey : null;
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

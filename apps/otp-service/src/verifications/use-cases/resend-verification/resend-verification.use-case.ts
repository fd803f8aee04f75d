import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, channelKind, type Channel, type VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { secondsToNextHour, sendsThisHour, withOneMoreSend } from '../../destination-hour';
import { terminalError } from '../../terminal-error';
import { addDeliveryAttempt } from '../../verification-events';
import { VerificationTransitions } from '../../verification-transitions';
import { toVerificationView } from '../../verification-view';
import { VerificationStore } from '../../verification.store';

/** Sends the same code again (optionally on another channel), within the cooldown ladder and send caps. */
@Injectable()
export class ResendVerificationUseCase {
  constructor(
    private readonly store: VerificationStore,
    private readonly transitions: VerificationTransitions,
  ) {}

  async execute(
    tenant: TenantRecord,
    id: string,
    input: { channel?: Channel },
    traceparent: string | null,
  ): Promise<VerificationView> {
    const policy = tenant.policy;
    const now = new Date();
    let record = await this.store.find(tenant._id, id);
    if (!record) throw new DomainError(ErrorCodes.notFound, `verification ${id} not found`);
    if (record.status === 'pending' && record.expiresAt <= now) {
      record = await this.transitions.end(record, 'expired', 'code expired before it was verified');
    }
    if (record.status !== 'pending') throw terminalError(record);

    const channel = input.channel ?? record.plan[record.step];
    if (!policy.allowedChannels.includes(channel)) {
      throw new DomainError(ErrorCodes.channelNotAllowed, `channel not allowed for this tenant: ${channel}`);
    }
    if (channelKind(channel) !== channelKind(record.plan[0])) {
      throw new DomainError(ErrorCodes.validation, `channel ${channel} cannot reach this destination`);
    }
    if (record.resendAvailableAt && record.resendAvailableAt > now) {
      const wait = Math.ceil((record.resendAvailableAt.getTime() - now.getTime()) / 1000);
      throw new DomainError(ErrorCodes.resendCooldown, `resend available in ${wait} s`, wait, {
        resendAvailableAt: record.resendAvailableAt.toISOString(),
      });
    }
    if (record.sendsUsed >= record.maxSends) {
      throw new DomainError(
        ErrorCodes.sendLimit,
        'no more sends for this verification',
        Math.ceil((record.expiresAt.getTime() - now.getTime()) / 1000),
      );
    }
    const destination = await this.store.destination(record.destinationKey, record.partition);
    if (destination && sendsThisHour(destination, now) >= policy.maxSendsPerDestinationPerHour) {
      throw new DomainError(
        ErrorCodes.destinationLimit,
        'too many codes sent to this destination this hour',
        secondsToNextHour(now),
      );
    }

    const next = structuredClone(record);
    const planIndex = next.plan.indexOf(channel);
    if (planIndex >= 0) next.step = planIndex;
    addDeliveryAttempt(next, policy, channel, next.deliveries.length + 1, now, traceparent);
    next.sendsUsed += 1;
    const ladder = policy.resendCooldownsSeconds;
    next.resendAvailableAt = new Date(now.getTime() + ladder[Math.min(next.sendsUsed - 1, ladder.length - 1)] * 1000);
    await this.store.save(record, next, destination ? withOneMoreSend(destination, now) : undefined);
    return toVerificationView(next);
  }
}

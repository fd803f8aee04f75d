import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type Channel, type VerificationView } from '@tessera/contracts';
import type { TenantRecord } from '../../../tenants/tenant.repository';
import { OutboxRelay } from '../../../outbox/outbox.relay';
import { channelKind } from '@tessera/contracts';
import { terminalError } from '../../terminal-error';
import { VerificationDecisions } from '../../verification-decisions';
import { addDeliveryAttempt } from '../../verification-events';
import { VerificationReader } from '../../verification-reader';
import { VerificationRepository } from '../../verification.repository';
import { VerificationTransitions } from '../../verification-transitions';

/** Sends the same code again (optionally on another channel), within the cooldown ladder and send caps. */
@Injectable()
export class ResendVerificationUseCase {
  constructor(
    private readonly repository: VerificationRepository,
    private readonly decisions: VerificationDecisions,
    private readonly reader: VerificationReader,
    private readonly transitions: VerificationTransitions,
    private readonly outbox: OutboxRelay,
  ) {}

  async execute(
    tenant: TenantRecord,
    id: string,
    input: { channel?: Channel },
    traceparent: string | null,
  ): Promise<VerificationView> {
    const policy = tenant.policy;
    const now = new Date();
    let record = await this.reader.load(tenant._id, id);
    if (record.status === 'pending' && record.expiresAt <= now) {
      record = (await this.transitions.end(id, 'expired', 'code expired before it was verified')).record;
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
    if ((await this.decisions.takeSendSlot(id, record.maxSends)) === null) {
      throw new DomainError(
        ErrorCodes.sendLimit,
        'no more sends for this verification',
        Math.ceil((record.expiresAt.getTime() - now.getTime()) / 1000),
      );
    }
    if (
      (await this.decisions.takeDestinationSlot(record.destinationKey, policy.maxSendsPerDestinationPerHour, now)) ===
      null
    ) {
      throw new DomainError(
        ErrorCodes.destinationLimit,
        'too many codes sent to this destination this hour',
        this.decisions.secondsToNextHour(now),
      );
    }

    const updated = await this.repository.update(id, async (current) => {
      if (current.status !== 'pending') return null;
      let attempt = current.deliveries.length + 1;
      while (!(await this.decisions.claimDeliveryAttempt(id, attempt))) attempt++;
      const planIndex = current.plan.indexOf(channel);
      if (planIndex >= 0) current.step = planIndex;
      addDeliveryAttempt(current, policy, channel, attempt, now, traceparent);
      current.sendsUsed += 1;
      const ladder = policy.resendCooldownsSeconds;
      current.resendAvailableAt = new Date(
        now.getTime() + ladder[Math.min(current.sendsUsed - 1, ladder.length - 1)] * 1000,
      );
      return current;
    });
    if (!updated || updated.status !== 'pending') throw terminalError(updated ?? record);
    this.outbox.publishSoon(id);
    return this.reader.viewOf(updated);
  }
}

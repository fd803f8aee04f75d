import { Inject, Injectable, Logger } from '@nestjs/common';
import { Topics, routingDestination, routingKeyOf, type Envelope } from '@tessera/contracts';
import { routingKeyFor, routingSecretFrom } from '@tessera/crypto';
import type { PartitionOwner } from '@tessera/messaging';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from '../config/otp-service.config';

/** What keeps state per partition: told when this replica gains a partition and when it loses one. */
export interface PartitionListener {
  /** Runs in the partition's lane before any message of it. */
  gained(partition: number): Promise<void>;
  lost(partition: number): void;
}

/**
 * The otp-service's side of "the partition is the writer": which partitions this replica owns, one lane per
 * partition in which every message and timer of that partition runs after the previous one, and the routing key
 * each input message must carry.
 */
@Injectable()
export class PartitionLanes implements PartitionOwner {
  private readonly log = new Logger(PartitionLanes.name);
  private readonly lanes = new Map<number, Promise<unknown>>();
  private readonly listeners: PartitionListener[] = [];
  private owned = new Set<number>();
  private readonly routingSecret: Buffer;

  constructor(@Inject(OTP_SERVICE_CONFIG) config: OtpServiceEnv) {
    this.routingSecret = routingSecretFrom(config.GATEWAY_BUS_SECRET);
  }

  listen(listener: PartitionListener): void {
    this.listeners.push(listener);
  }

  owns(partition: number): boolean {
    return this.owned.has(partition);
  }

  ownedPartitions(): number[] {
    return [...this.owned];
  }

  assigned(partitions: readonly number[]): void {
    const next = new Set(partitions);
    for (const p of this.owned) if (!next.has(p)) for (const l of this.listeners) l.lost(p);
    const gained = partitions.filter((p) => !this.owned.has(p));
    this.owned = next;
    this.log.log(`owns partitions [${partitions.join(', ')}]`);
    for (const p of gained) {
      for (const l of this.listeners) {
        void this.serialize(p, () => l.gained(p)).catch((error: Error) =>
          this.log.error(`partition ${p}: recovery failed: ${error.message}`),
        );
      }
    }
  }

  serialize<T>(partition: number, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(partition) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.lanes.set(partition, settled);
    void settled.then(() => {
      if (this.lanes.get(partition) === settled) this.lanes.delete(partition);
    });
    return next;
  }

  /** The routing key of a (tenant, normalised destination). */
  routingKeyForDestination(tenantId: string, destination: string): string {
    return routingKeyFor(tenantId, destination, this.routingSecret);
  }

  routingKeyOf(topic: string, envelope: Envelope): string | null {
    const payload = envelope.payload as { verificationId?: string; to?: string };
    if (topic === Topics.tenantConfigure) return null;
    if (topic === Topics.otpDelivered) return envelope.verificationId ? routingKeyOf(envelope.verificationId) : null;
    if (payload.verificationId) return routingKeyOf(payload.verificationId);
    if (typeof payload.to === 'string') {
      return this.routingKeyForDestination(envelope.tenantId, routingDestination(payload.to));
    }
    return null;
  }
}

import { Partitioners, type PartitionMetadata } from 'kafkajs';
import type { Envelope } from '@tessera/contracts';

/**
 * What an app that owns state per partition gives the bus server (the otp-service: one writer per verification).
 * The group is then assigned co-partitioned, every message runs in its partition's lane, and a message whose
 * routing key belongs to another partition is re-routed there instead of being handled.
 */
export interface PartitionOwner {
  /** The partition numbers this member owns now, after every group join (empty when it owns none). */
  assigned(partitions: readonly number[]): Promise<void> | void;
  /** Runs work after all earlier work of the same partition number (messages of every topic, and timers). */
  serialize<T>(partition: number, work: () => Promise<T>): Promise<T>;
  /** The key a message must carry to be handled, or null when any partition may handle it. */
  routingKeyOf(topic: string, envelope: Envelope): string | null;
}

const partitioner = Partitioners.DefaultPartitioner();

/** The partition the producers' default partitioner picks for a key among `count` partitions. */
export function partitionOfKey(topic: string, key: string, count: number): number {
  const partitionMetadata = Array.from(
    { length: count },
    (_, partitionId) =>
      ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }) as PartitionMetadata,
  );
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

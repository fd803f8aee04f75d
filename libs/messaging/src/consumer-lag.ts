import type { Consumer } from 'kafkajs';
import type { MetricsRegistry } from '@tessera/observability';

/**
 * Keeps `tessera_bus_consumer_lag_messages{group, topic, partition}` from what kafkajs already knows of each fetched
 * batch (its partition's high watermark): the lag before a batch when it starts, what is left when it ends. No
 * admin call, no extra request, nothing per message. A partition this member no longer owns leaves the gauge at
 * the next group join. An idle partition keeps its last value (0 once caught up).
 */
export function reportConsumerLag(consumer: Consumer, groupId: string, metrics: MetricsRegistry): void {
  const known = new Map<string, { topic: string; partition: string }>();
  const set = (topic: string, partition: number, lag: string) => {
    const labels = { group: groupId, topic, partition: String(partition) };
    known.set(`${topic}\u0000${partition}`, { topic, partition: labels.partition });
    metrics.busGroupLag.set(labels, Math.max(0, Number(lag)));
  };
  consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) =>
    set(payload.topic, payload.partition, payload.offsetLagLow),
  );
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
    set(payload.topic, payload.partition, payload.offsetLag),
  );
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const owned = new Set(
      Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((p) => `${topic}\u0000${p}`),
      ),
    );
    for (const [key, labels] of known) {
      if (owned.has(key)) continue;
      metrics.busGroupLag.remove({ group: groupId, ...labels });
      known.delete(key);
    }
  });
}

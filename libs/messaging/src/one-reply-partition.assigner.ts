import { planAssigner } from './plan-assigner';

/**
 * For the reply consumers of request-reply clients: member n (members sorted by id) gets partition n of every
 * reply topic and nothing else. A client names one reply partition in each command, so the other partitions
 * carry nothing for it; leaving them out of the assignment keeps every fetch to one partition per topic (a
 * gateway took all 72 reply partitions into each fetch, which cost Kafka and kafkajs more than the replies
 * themselves). Members beyond a topic's partition count get none of it and are not ready.
 */
export const OneReplyPartitionAssigner = planAssigner('TesseraOneReplyPartition', (memberIds, partitionIds) => {
  const sorted = [...partitionIds].sort((a, b) => a - b);
  return new Map(memberIds.map((id, index) => [id, index < sorted.length ? [sorted[index]] : []]));
});

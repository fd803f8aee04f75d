import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * For the reply consumers of request-reply clients: member n (members sorted by id) gets partition n of every
 * reply topic and nothing else. A client names one reply partition in each command, so the other partitions
 * carry nothing for it; leaving them out of the assignment keeps every fetch to one partition per topic (a
 * gateway took all 72 reply partitions into each fetch, which cost Kafka and kafkajs more than the replies
 * themselves). Members beyond a topic's partition count get none of it and are not ready.
 */
export const OneReplyPartitionAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'TesseraOneReplyPartition',
  version: 1,
  async assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
    for (const topic of topics) {
      const partitions = cluster
        .findTopicPartitionMetadata(topic)
        .map((p) => p.partitionId)
        .sort((a, b) => a - b);
      memberIds.forEach((memberId, index) => {
        if (index < partitions.length) assignment.get(memberId)![topic] = [partitions[index]];
      });
    }
    return [...assignment].map(([memberId, topicsOf]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 1,
        assignment: topicsOf,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: 'TesseraOneReplyPartition',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});

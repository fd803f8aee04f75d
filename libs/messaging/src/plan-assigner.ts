import { AssignerProtocol, type Cluster, type PartitionAssigner } from 'kafkajs';

/** Which partitions of `topic` each member gets: member ids sorted, the topic's partition ids as the cluster has them. */
export type AssignmentPlan = (
  memberIds: readonly string[],
  partitionIds: readonly number[],
) => ReadonlyMap<string, number[]>;

/**
 * A kafkajs partition assigner named `name` that applies `plan` to every subscribed topic; the protocol, metadata and
 * member-assignment encoding are kafkajs's own, the same for every Tessera assigner.
 */
export function planAssigner(name: string, plan: AssignmentPlan): PartitionAssigner {
  return ({ cluster }: { cluster: Cluster }) => ({
    name,
    version: 1,
    async assign({ members, topics }) {
      const memberIds = members.map((m) => m.memberId).sort();
      const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
      for (const topic of topics) {
        const partitionIds = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
        for (const [memberId, partitions] of plan(memberIds, partitionIds)) {
          if (partitions.length > 0) assignment.get(memberId)![topic] = partitions;
        }
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
        name,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}

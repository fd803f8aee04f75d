import { AssignerProtocol, type Cluster, type GroupMember } from 'kafkajs';
import { OneReplyPartitionAssigner } from './one-reply-partition.assigner';

function assignerFor(partitionsByTopic: Record<string, number>) {
  const cluster = {
    findTopicPartitionMetadata: (topic: string) =>
      Array.from({ length: partitionsByTopic[topic] }, (_, i) => ({ partitionId: partitionsByTopic[topic] - 1 - i })),
  } as unknown as Cluster;
  return OneReplyPartitionAssigner({ cluster, groupId: 'g', logger: undefined as never });
}

async function assignmentsOf(memberIds: string[], partitionsByTopic: Record<string, number>) {
  const members = memberIds.map((memberId) => ({ memberId }) as GroupMember);
  const result = await assignerFor(partitionsByTopic).assign({ members, topics: Object.keys(partitionsByTopic) });
  return Object.fromEntries(
    result.map(({ memberId, memberAssignment }) => [
      memberId,
      AssignerProtocol.MemberAssignment.decode(memberAssignment)!.assignment,
    ]),
  );
}

describe('OneReplyPartitionAssigner', () => {
  it('gives each member one partition of every reply topic, the same index for all, and leaves the rest out', async () => {
    const topics = { 'otp.request.reply': 12, 'otp.verify.reply': 12 };
    expect(await assignmentsOf(['m-b', 'm-a'], topics)).toEqual({
      'm-a': { 'otp.request.reply': [0], 'otp.verify.reply': [0] },
      'm-b': { 'otp.request.reply': [1], 'otp.verify.reply': [1] },
    });
  });

  it('gives a member beyond the partition count nothing of that topic', async () => {
    const assignments = await assignmentsOf(['m1', 'm2', 'm3'], { 'otp.request.reply': 2 });
    expect(assignments).toEqual({
      m1: { 'otp.request.reply': [0] },
      m2: { 'otp.request.reply': [1] },
      m3: {},
    });
  });
});

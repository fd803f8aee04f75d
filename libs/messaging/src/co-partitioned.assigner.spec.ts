import { AssignerProtocol, type Cluster, type GroupMember } from 'kafkajs';
import { CoPartitionedAssigner } from './co-partitioned.assigner';

describe('CoPartitionedAssigner', () => {
  it('gives partition n of every topic to member n mod count (members sorted by id)', async () => {
    const cluster = {
      findTopicPartitionMetadata: () => [0, 1, 2].map((partitionId) => ({ partitionId })),
    } as unknown as Cluster;
    const members = ['m-b', 'm-a'].map((memberId) => ({ memberId }) as GroupMember);
    const result = await CoPartitionedAssigner({ cluster, groupId: 'g', logger: undefined as never }).assign({
      members,
      topics: ['otp.request', 'otp.delivered'],
    });
    const assignments = Object.fromEntries(
      result.map(({ memberId, memberAssignment }) => [
        memberId,
        AssignerProtocol.MemberAssignment.decode(memberAssignment)!.assignment,
      ]),
    );
    expect(assignments).toEqual({
      'm-a': { 'otp.request': [0, 2], 'otp.delivered': [0, 2] },
      'm-b': { 'otp.request': [1], 'otp.delivered': [1] },
    });
  });
});

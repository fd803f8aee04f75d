import { planAssigner } from './plan-assigner';

/**
 * Assigns partition n of every subscribed topic to the same member (members sorted by id, partition n to member
 * n mod count), so that one consumer owns every message keyed to partition n whatever its topic. The topics must
 * share one partition count; the otp-service checks that at boot.
 */
export const CoPartitionedAssigner = planAssigner('TesseraCoPartitioned', (memberIds, partitionIds) => {
  const plan = new Map<string, number[]>(memberIds.map((id) => [id, []]));
  for (const partitionId of partitionIds) plan.get(memberIds[partitionId % memberIds.length])!.push(partitionId);
  return plan;
});

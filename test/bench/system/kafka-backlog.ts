import { AssignerProtocol, type Admin } from 'kafkajs';

export interface LagSample {
  /** Seconds since the sampler started. */
  at: number;
  total: number;
  byGroup: Record<string, number>;
}

/**
 * Consumer lag from the broker's own bookkeeping: for each group, the end offset of every partition a member
 * of it is assigned now minus the group's committed offset there (admin describeGroups / fetchOffsets /
 * fetchTopicOffsets), summed. A partition no member holds is left out: the gateway's replicas hold one reply
 * partition each, and a reply written to the partition of a gateway that has since stopped has no reader, ever.
 */
export class KafkaBacklog {
  constructor(
    private readonly admin: Admin,
    private readonly groups: readonly string[],
  ) {}

  async lag(): Promise<{ total: number; byGroup: Record<string, number> }> {
    const [committed, assigned] = await Promise.all([
      Promise.all(this.groups.map((groupId) => this.admin.fetchOffsets({ groupId }))),
      this.assignedPartitions(),
    ]);
    const topics = [...new Set(committed.flat().map((t) => t.topic))];
    const ends = await this.endOffsets(topics);
    const byGroup: Record<string, number> = {};
    let total = 0;
    committed.forEach((offsets, i) => {
      let lag = 0;
      const held = assigned.get(this.groups[i]);
      for (const { topic, partitions } of offsets) {
        for (const { partition, offset } of partitions) {
          const end = ends.get(`${topic}|${partition}`);
          if (end === undefined || Number(offset) < 0) continue;
          if (held && !held.has(`${topic}|${partition}`)) continue;
          lag += Math.max(0, end - Number(offset));
        }
      }
      byGroup[this.groups[i]] = lag;
      total += lag;
    });
    return { total, byGroup };
  }

  /** Per group with members, the partitions they hold now (`topic|partition`); a group without members is absent. */
  private async assignedPartitions(): Promise<Map<string, Set<string>>> {
    const { groups } = await this.admin.describeGroups([...this.groups]);
    const held = new Map<string, Set<string>>();
    for (const group of groups) {
      if (group.members.length === 0) continue;
      const partitions = new Set<string>();
      for (const member of group.members) {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        for (const [topic, numbers] of Object.entries(decoded?.assignment ?? {})) {
          for (const partition of numbers) partitions.add(`${topic}|${partition}`);
        }
      }
      held.set(group.groupId, partitions);
    }
    return held;
  }

  /** Messages ever written to each topic (sum of its partitions' end offsets). */
  async messageCounts(topics: readonly string[]): Promise<Record<string, number>> {
    const ends = await this.endOffsets(topics);
    const counts: Record<string, number> = Object.fromEntries(topics.map((t) => [t, 0]));
    for (const [key, end] of ends) counts[key.slice(0, key.lastIndexOf('|'))] += end;
    return counts;
  }

  private async endOffsets(topics: readonly string[]): Promise<Map<string, number>> {
    const ends = new Map<string, number>();
    await Promise.all(
      topics.map(async (topic) => {
        for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
          ends.set(`${topic}|${partition}`, Number(high));
        }
      }),
    );
    return ends;
  }
}

/** Samples lag every `intervalMs` until stopped; each sample costs a few admin requests. */
export class LagSampler {
  readonly samples: LagSample[] = [];
  private timer?: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  private busy = false;

  constructor(
    private readonly backlog: KafkaBacklog,
    private readonly intervalMs: number,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    void this.sample();
    return this;
  }

  stop(): LagSample[] {
    clearInterval(this.timer);
    return this.samples;
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const lag = await this.backlog.lag();
      this.samples.push({ at: (performance.now() - this.startedAt) / 1000, ...lag });
    } catch {
      // a failed sample is a missing point, not a failed benchmark
    } finally {
      this.busy = false;
    }
  }
}

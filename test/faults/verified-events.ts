import type { Consumer, Kafka } from 'kafkajs';

/**
 * Every OtpVerified on the bus during the run, by verification: a verification approved twice shows as two
 * distinct event ids (a republished outbox entry carries the same id and counts once).
 */
export class VerifiedEvents {
  private consumer?: Consumer;
  readonly eventIds = new Map<string, Set<string>>();

  constructor(
    private readonly kafka: Kafka,
    readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    // from the beginning: the run kills Kafka seconds after this group joins, before its first offset commit, and a
    // group without one would restart at the end of the topic and miss what was published meanwhile (other runs'
    // events never match this run's ids)
    await consumer.subscribe({ topics: ['otp.verified'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        try {
          const envelope = JSON.parse(message.value.toString()) as { eventId?: string; verificationId?: string };
          if (!envelope.verificationId || !envelope.eventId) return;
          const ids = this.eventIds.get(envelope.verificationId) ?? new Set<string>();
          ids.add(envelope.eventId);
          this.eventIds.set(envelope.verificationId, ids);
        } catch {
          // not an envelope: not ours to judge here
        }
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

import type { Consumer, Kafka } from 'kafkajs';

interface Expected {
  resolve: (at: number | null) => void;
  timer: NodeJS.Timeout;
}

/**
 * Timestamps each verification's `delivered` receipt from the bus (the OtpDelivered event's Kafka timestamp,
 * set by the producer when it published), with a consumer of its own group: no polling of the API.
 */
export class ReceiptWatcher {
  private consumer?: Consumer;
  /** Receipts seen before anyone asked for them (bounded: cleared by forget()). */
  private readonly seen = new Map<string, number>();
  private readonly expected = new Map<string, Expected>();
  received = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    readonly groupId: string,
    private readonly status = 'delivered',
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        let envelope: { verificationId?: string; payload?: { status?: string } };
        try {
          envelope = JSON.parse(message.value.toString());
        } catch {
          return;
        }
        const id = envelope.verificationId;
        if (!id || envelope.payload?.status !== this.status) return;
        const at = Number(message.timestamp);
        this.received++;
        const waiting = this.expected.get(id);
        if (waiting) {
          this.expected.delete(id);
          clearTimeout(waiting.timer);
          waiting.resolve(at);
        } else if (!this.seen.has(id)) {
          this.seen.set(id, at);
        }
      },
    });
    await joined;
  }

  /** Resolves with the receipt's epoch-ms time, or null if none comes within timeoutMs. */
  expect(verificationId: string, timeoutMs: number): Promise<number | null> {
    const early = this.seen.get(verificationId);
    if (early !== undefined) {
      this.seen.delete(verificationId);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.expected.delete(verificationId);
        resolve(null);
      }, timeoutMs);
      this.expected.set(verificationId, { resolve, timer });
    });
  }

  /** Drops receipts nobody asked for (e.g. of seeding flows). */
  forget(): void {
    this.seen.clear();
  }

  async stop(): Promise<void> {
    for (const [, waiting] of this.expected) {
      clearTimeout(waiting.timer);
      waiting.resolve(null);
    }
    this.expected.clear();
    await this.consumer?.disconnect();
  }
}

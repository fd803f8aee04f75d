import type { Message, Producer, TopicMessages } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';

interface Queued {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * At most `maxInFlight` produce requests at a time: what is asked for while they are on the wire goes out
 * together in the next one. A quiet app sends what one turn of the event loop asked for (a reply and the events
 * of the write behind it) in one request at the end of that turn; a busy one sends a request per round trip
 * instead of one per message, which is where the broker's and kafkajs's CPU goes (about 1 ms each per request on
 * this class of machine, a tenth of that per message in a batch of ten). Two in flight, so that a handler waiting
 * for its reply to leave does not wait a whole round trip behind someone else's batch. Order per topic is kept:
 * requests leave in order on the broker's one connection, each with its messages in the order asked for.
 */
export class ProduceCoalescer {
  private queue: Queued[] = [];
  private active = 0;
  private readonly draining = new Set<Promise<void>>();

  constructor(
    private readonly producer: Pick<Producer, 'sendBatch'>,
    private readonly maxInFlight = 2,
    private readonly maxBatch = 500,
  ) {}

  send(topic: string, message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
      if (this.active < this.maxInFlight) {
        this.active += 1;
        const drain: Promise<void> = this.drain().then(() => void this.draining.delete(drain));
        this.draining.add(drain);
      }
    });
  }

  /** Resolves once nothing is queued or on the wire (before the producer disconnects). */
  async idle(): Promise<void> {
    while (this.draining.size > 0) await Promise.all(this.draining);
  }

  private async drain(): Promise<void> {
    // at the end of this turn of the event loop, so the messages asked for in it (a reply, and the events its
    // handler's write produced, a few promise steps apart) share the first request
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.producer.sendBatch({
          acks: -1,
          compression: CompressionTypes.None,
          topicMessages: groupByTopic(batch),
        });
        for (const queued of batch) queued.resolve();
      } catch (error) {
        for (const queued of batch) queued.reject(error as Error);
      }
    }
    // counted down in the same synchronous step as the last look at the queue, so no message is left behind
    this.active -= 1;
  }
}

function groupByTopic(batch: Queued[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic);
    if (messages) messages.push(message);
    else byTopic.set(topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

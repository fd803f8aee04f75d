import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decodeHeaders } from '@tessera/messaging';

export const TEST_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export function testKafka(clientId = 'tessera-test'): Kafka {
  return new Kafka({ clientId, brokers: TEST_BROKERS, logLevel: logLevel.NOTHING });
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  /** The envelope's verification id (messages are keyed by its routing key, not by the id). */
  verificationId: string | null;
  value: string;
  headers: Record<string, string>;

  json: () => any;
}

/**
 * Listens to topics from "now" on (a fresh consumer group), keeping every message, so a test can wait for
 * the one it causes.
 */
export class TopicRecorder {
  readonly messages: ReceivedMessage[] = [];
  private consumer?: Consumer;
  private waiters: { predicate: (m: ReceivedMessage) => boolean; resolve: (m: ReceivedMessage) => void }[] = [];

  constructor(private readonly kafka: Kafka = testKafka()) {}

  async start(topics: string[]): Promise<this> {
    const consumer = this.kafka.consumer({ groupId: `test-recorder-${randomUUID()}` });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    await consumer.run({ eachMessage: async ({ topic, partition, message }) => this.keep(topic, partition, message) });
    await joined;
    // A fresh group starts at the log end; make sure offsets are resolved before the test produces anything.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return this;
  }

  waitFor(predicate: (m: ReceivedMessage) => boolean, timeoutMs = 20000): Promise<ReceivedMessage> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private keep(topic: string, partition: number, message: KafkaMessage): void {
    const headers = decodeHeaders(message.headers);
    const value = message.value?.toString() ?? '';
    const received: ReceivedMessage = {
      topic,
      partition,
      offset: Number(message.offset),
      key: message.key?.toString() ?? null,
      verificationId: verificationIdOf(value),
      value,
      headers,
      json: () => JSON.parse(value),
    };
    this.messages.push(received);
    this.waiters = this.waiters.filter((w) => {
      if (!w.predicate(received)) return true;
      w.resolve(received);
      return false;
    });
  }
}

/** The envelope's verification id, when the message is an envelope that has one. */
function verificationIdOf(value: string): string | null {
  try {
    const id = (JSON.parse(value) as { verificationId?: unknown }).verificationId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

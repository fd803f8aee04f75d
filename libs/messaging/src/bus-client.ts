import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka, PartitionAssigners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  CommandReplySchema,
  DomainError,
  ErrorCodes,
  MessageHeaders,
  replyTopicFor,
  type CommandReply,
  type CommandTopic,
  type Envelope,
} from '@tessera/contracts';
import { MetricsRegistry } from '@tessera/observability';
import { BusPublisher } from './bus-publisher';
import { reportConsumerLag } from './consumer-lag';
import { decodeHeaders } from './headers';
import { OneReplyPartitionAssigner } from './one-reply-partition.assigner';

interface Pending {
  resolve: (reply: CommandReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface BusClientOptions {
  /** Consumer group shared by every replica of the client; each replica owns the reply partitions it is assigned. */
  groupId: string;
  commands: readonly CommandTopic[];
  timeoutMs: number;
}

/**
 * Request-reply over Kafka, the way NestJS's Kafka client does it: the replicas of a client share one group on
 * the `.reply` topics, and each command names the reply partition its sender was assigned (one per topic and
 * replica: `OneReplyPartitionAssigner`).
 */
@Injectable()
export class BusClient implements OnApplicationShutdown {
  private readonly log = new Logger(BusClient.name);
  private readonly pending = new Map<string, Pending>();
  private readonly assigned = new Map<string, number[]>();
  private consumer?: Consumer;
  private joined?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly publisher: BusPublisher,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** Joins the reply group; resolves once reply partitions are assigned. */
  async start(options: BusClientOptions): Promise<void> {
    this.options = options;
    // the bus server's session: a killed replica's reply partitions are reassigned after 10 s, not kafkajs's 30 s
    // (a replica restarted after a kill -9 cannot join, so is not ready, until then)
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10000,
      heartbeatInterval: 3000,
      // round robin second: the group keeps working while replicas from before this assigner are still in it
      partitionAssigners: [OneReplyPartitionAssigner, PartitionAssigners.roundRobin],
    });
    this.consumer = consumer;
    this.joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        this.assigned.clear();
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          this.assigned.set(
            topic,
            [...partitions].sort((a, b) => a - b),
          );
        }
        resolve();
      });
    });
    reportConsumerLag(consumer, options.groupId, this.metrics);
    await consumer.connect();
    await consumer.subscribe({ topics: options.commands.map(replyTopicFor), fromBeginning: false });
    await consumer.run({
      // a reply matters only to the replica waiting for it now; the commits only keep the group's lag readable
      autoCommitInterval: 1000,
      eachMessage: async ({ message }) => {
        const correlationId = decodeHeaders(message.headers)[MessageHeaders.correlationId];
        const pending = correlationId ? this.pending.get(correlationId) : undefined;
        if (!pending) return;
        this.pending.delete(correlationId);
        clearTimeout(pending.timer);
        const parsed = CommandReplySchema.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
        if (parsed.success) pending.resolve(parsed.data as CommandReply);
        else pending.reject(new Error('malformed reply'));
      },
    });
    await this.joined;
  }

  private options?: BusClientOptions;

  get ready(): boolean {
    return this.assigned.size > 0;
  }

  /** Sends a command and waits for its reply; a business refusal comes back as `{ok:false}`. */
  async request<R>(topic: CommandTopic, envelope: Envelope, key?: string): Promise<CommandReply<R>> {
    if (!this.options || !this.joined) throw new Error('BusClient.start() was not called');
    await this.joined;
    const replyTopic = replyTopicFor(topic);
    const partitions = this.assigned.get(replyTopic);
    if (!partitions?.length) throw new DomainError(ErrorCodes.timeout, 'no reply partition assigned yet', 1);
    const correlationId = randomUUID();
    const reply = new Promise<CommandReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new DomainError(ErrorCodes.timeout, `no reply to ${topic} within ${this.options!.timeoutMs} ms`, 1));
      }, this.options!.timeoutMs);
      this.pending.set(correlationId, { resolve, reject, timer });
    });
    // The timeout may fire while the publish still waits for a broker that is away: the caller gets it then,
    // and the rejection is never left unhandled (that would end the process).
    reply.catch(() => undefined);
    try {
      const published = this.publisher.publish(
        topic,
        envelope,
        {
          [MessageHeaders.correlationId]: correlationId,
          [MessageHeaders.replyTopic]: replyTopic,
          [MessageHeaders.replyPartition]: String(partitions[0]),
          [MessageHeaders.replyDeadline]: String(Date.now() + this.options.timeoutMs),
        },
        key,
      );
      published.catch(() => undefined);
      await Promise.race([published, reply]);
    } catch (error) {
      const pending = this.pending.get(correlationId);
      if (pending) clearTimeout(pending.timer);
      this.pending.delete(correlationId);
      // the bus did not take the command (a broker away; kafkajs wraps a refused connection as NonRetriable after
      // its retries): an outage for the caller to retry (503), not an internal error (500)
      if (error instanceof Error && error.name.startsWith('KafkaJS')) {
        throw new DomainError(ErrorCodes.timeout, `the bus is unavailable: ${(error as Error).message}`, 1);
      }
      throw error;
    }
    return (await reply) as CommandReply<R>;
  }

  async onApplicationShutdown(): Promise<void> {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error('shutting down'));
      this.pending.delete(id);
    }
    await this.consumer?.disconnect().catch((error: Error) => this.log.warn(`reply consumer: ${error.message}`));
  }
}

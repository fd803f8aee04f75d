import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { Consumer, Kafka, type EachMessagePayload } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import {
  ContractViolation,
  DomainError,
  ErrorCodes,
  MessageHeaders,
  TopicContracts,
  dlqTopicFor,
  isKnownTopic,
  parseEnvelope,
  type CommandReply,
  type Envelope,
} from '@tessera/contracts';
import { currentTraceparent, runInTrace, type MetricsRegistry } from '@tessera/observability';
import type { BusPublisher } from './bus-publisher';
import type { BusContext } from './bus-context';
import type { ConsumerGroupHealth } from './consumer-group.health';
import { CoPartitionedAssigner } from './co-partitioned.assigner';
import { reportConsumerLag } from './consumer-lag';
import { decodeHeaders } from './headers';
import { partitionOfKey, type PartitionOwner } from './partition-owner';
import { DEFAULT_RETRY_POLICY, backoffDelay, isInfrastructureOutage, sleep, type RetryPolicy } from './retry-policy';

export interface BusServerOptions {
  kafka: Kafka;
  groupId: string;
  /** Every topic this app consumes; each must have exactly one handler and vice versa. */
  topics: readonly string[];
  publisher: BusPublisher;
  metrics: MetricsRegistry;
  retry?: RetryPolicy;
  partitionsConsumedConcurrently?: number;
  /** For an app that keeps state per partition: co-partitioned assignment, partition lanes, re-routing. */
  owner?: PartitionOwner;
  /** Told what the consumer does (joined or not), for readiness. */
  groupHealth?: ConsumerGroupHealth;
}

interface ReplyTarget {
  topic: string;
  partition: number | undefined;
  correlationId: string;
  /** Epoch ms after which the sender no longer waits (`MessageHeaders.replyDeadline`), when it set one. */
  deadline: number | undefined;
}

export class MissingHandlerError extends Error {}

const COMMIT_INTERVAL_MS = 1000;
/** What a handler run gives back when the command's reply deadline passed before it could start. */
const EXPIRED = Symbol('expired');

/**
 * The Kafka consumer behind every Tessera app, as a Nest transport strategy: it validates each envelope
 * against the contracts, calls the one handler of its topic, answers request-reply commands, retries
 * unexpected failures with backoff, waits out infrastructure outages, and dead-letters the rest so one
 * poison message never blocks a partition.
 */
export class BusServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(BusServer.name);
  private readonly retry: RetryPolicy;
  private consumer?: Consumer;
  private closing = false;
  private readonly partitionCounts = new Map<string, number>();
  private readonly handlers = new Map<string, MessageHandler>();

  constructor(private readonly options: BusServerOptions) {
    super();
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.assertEveryTopicHasOneHandler();
      const owner = this.options.owner;
      this.consumer = this.options.kafka.consumer({
        groupId: this.options.groupId,
        allowAutoTopicCreation: false,
        sessionTimeout: 10000,
        heartbeatInterval: 3000,
        ...(owner ? { partitionAssigners: [CoPartitionedAssigner] } : {}),
      });
      this.options.groupHealth?.watch(this.consumer);
      if (owner) {
        await this.learnPartitionCounts();
        this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
          const owned = new Set(Object.values(payload.memberAssignment).flat());
          void Promise.resolve(owner.assigned([...owned].sort((a, b) => a - b))).catch((error: Error) =>
            this.log.error(`partition assignment: ${error.message}`),
          );
        });
      }
      reportConsumerLag(this.consumer, this.options.groupId, this.options.metrics);
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
      await this.consumer.run({
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
        // one OffsetCommit a second at most instead of one per batch (kafkajs patched to honour it; a rebalance
        // or a clean stop commits at once): a crash replays at most that second, which every handler dedupes
        autoCommitInterval: COMMIT_INTERVAL_MS,
        eachMessage: (payload) => this.handle(payload),
      });
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.consumer?.disconnect();
  }

  on(): never {
    throw new Error('BusServer does not emit events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private assertEveryTopicHasOneHandler(): void {
    const declared = new Set(this.options.topics);
    const problems: string[] = [];
    for (const topic of declared) {
      if (!isKnownTopic(topic)) problems.push(`topic "${topic}" is not in libs/contracts`);
      if (!this.getHandlerByPattern(topic)) problems.push(`topic "${topic}" has no handler`);
    }
    for (const pattern of this.messageHandlers.keys()) {
      if (!declared.has(pattern)) problems.push(`handler for "${pattern}" is not in this app's consumed topics`);
    }
    if (problems.length > 0) throw new MissingHandlerError(`bus wiring: ${problems.join('; ')}`);
  }

  /** Each message is handled in its trace (its `traceparent` header, or a new trace): logs and events carry it. */
  private handle(payload: EachMessagePayload): Promise<void> {
    const headers = decodeHeaders(payload.message.headers);
    return runInTrace(headers[MessageHeaders.traceparent], () => this.handleInTrace(payload, headers));
  }

  private async handleInTrace(
    { topic, partition, message, heartbeat }: EachMessagePayload,
    headers: Record<string, string>,
  ): Promise<void> {
    const reply = this.replyTargetOf(headers);
    const context: BusContext = { topic, partition, offset: message.offset, headers };
    const endTimer = this.options.metrics.busHandlerSeconds.startTimer({ topic });
    this.options.metrics.busConsumerLag.observe({ topic }, Math.max(0, Date.now() - Number(message.timestamp)) / 1000);
    try {
      let envelope: Envelope;
      try {
        if (!isKnownTopic(topic)) throw new ContractViolation('unknown topic', [`${topic} is not in libs/contracts`]);
        envelope = parseEnvelope(message.value, TopicContracts[topic]);
      } catch (error) {
        if (!(error instanceof ContractViolation)) throw error;
        await this.reject(topic, partition, message, error, reply, ErrorCodes.validation);
        return;
      }
      if (await this.rerouted(topic, partition, message, envelope)) return;
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await this.runHandler(topic, partition, envelope, context, reply?.deadline);
          if (result === EXPIRED) {
            this.log.log(`${topic}[${partition}]@${message.offset}: dropped, its sender stopped waiting for a reply`);
            this.options.metrics.busConsumed.inc({ topic, outcome: 'expired' });
            return;
          }
          if (reply) await this.sendReply(reply, { ok: true, result: result ?? null });
          this.options.metrics.busConsumed.inc({ topic, outcome: attempt === 0 ? 'ok' : 'retried' });
          return;
        } catch (error) {
          if (error instanceof DomainError) {
            await this.reject(topic, partition, message, error, reply, error.code);
            return;
          }
          if (this.closing) throw error;
          if (isInfrastructureOutage(error)) {
            this.log.warn(
              `${topic}[${partition}]@${message.offset}: infrastructure unavailable, waiting: ${(error as Error).message}`,
            );
            await sleep(backoffDelay(this.retry, Math.min(attempt, 6)));
            await heartbeat();
            continue;
          }
          if (attempt < this.retry.maxRetries) {
            await sleep(backoffDelay(this.retry, attempt));
            await heartbeat();
            continue;
          }
          await this.reject(topic, partition, message, error as Error, reply, ErrorCodes.internal);
          return;
        }
      }
    } finally {
      endTimer();
    }
  }

  /** Checked again on every attempt, right before the handler starts (an outage or a busy lane may have held it). */
  private async runHandler(
    topic: string,
    partition: number,
    envelope: Envelope,
    context: BusContext,
    deadline: number | undefined,
  ): Promise<unknown> {
    const handler = this.handlerOf(topic);
    const run = async () => {
      if (deadline !== undefined && Date.now() >= deadline) return EXPIRED;
      return lastValueFrom(this.transformToObservable(await handler(envelope, context)), { defaultValue: undefined });
    };
    return this.options.owner ? this.options.owner.serialize(partition, run) : run();
  }

  /**
   * The topic's handler, looked up once: Nest's getHandlerByPattern tries JSON.parse on the pattern first, and a
   * topic name is not JSON, so every lookup threw (and built the stack of) a SyntaxError.
   */
  private handlerOf(topic: string) {
    let handler = this.handlers.get(topic);
    if (!handler) {
      handler = this.getHandlerByPattern(topic)!;
      this.handlers.set(topic, handler);
    }
    return handler;
  }

  /** The partition counts of the consumed topics, to tell where a routing key belongs. */
  private async learnPartitionCounts(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...this.options.topics] });
      for (const t of topics) this.partitionCounts.set(t.name, t.partitions.length);
      const counts = new Set(this.partitionCounts.values());
      if (counts.size > 1) {
        const listed = [...this.partitionCounts].map(([t, n]) => `${t}=${n}`).join(', ');
        throw new Error(`co-partitioned topics must share one partition count: ${listed}`);
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** A message keyed for another partition (a bus client's mistake) is sent on, keyed right, and not handled here. */
  private async rerouted(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    envelope: Envelope,
  ): Promise<boolean> {
    const key = this.options.owner?.routingKeyOf(topic, envelope);
    const count = this.partitionCounts.get(topic);
    if (!key || !count || partitionOfKey(topic, key, count) === partition) return false;
    await this.options.publisher.publishRaw(topic, key, message.value ?? '', decodeHeaders(message.headers));
    this.options.metrics.busConsumed.inc({ topic, outcome: 'rerouted' });
    return true;
  }

  private replyTargetOf(headers: Record<string, string>): ReplyTarget | null {
    const topic = headers[MessageHeaders.replyTopic];
    const correlationId = headers[MessageHeaders.correlationId];
    if (!topic || !correlationId) return null;
    const partition = Number(headers[MessageHeaders.replyPartition]);
    const deadline = Number(headers[MessageHeaders.replyDeadline]);
    return {
      topic,
      correlationId,
      partition: Number.isInteger(partition) && partition >= 0 ? partition : undefined,
      deadline: headers[MessageHeaders.replyDeadline] && Number.isFinite(deadline) ? deadline : undefined,
    };
  }

  /** Business refusals of commands are answered, not dead-lettered; everything else goes to the DLQ. */
  private async reject(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    error: Error,
    reply: ReplyTarget | null,
    code: string,
  ): Promise<void> {
    if (reply) {
      const domain = error instanceof DomainError ? error : null;
      await this.sendReply(reply, {
        ok: false,
        error: {
          code,
          message: code === ErrorCodes.internal ? 'internal error' : error.message,
          ...(domain?.retryAfterSeconds !== undefined ? { retryAfterSeconds: domain.retryAfterSeconds } : {}),
          ...(domain?.details ? { details: domain.details } : {}),
        },
      });
      if (error instanceof DomainError) {
        this.options.metrics.busConsumed.inc({ topic, outcome: 'rejected' });
        return;
      }
    }
    this.log.warn(`${topic}[${partition}]@${message.offset} dead-lettered: ${error.message}`);
    await this.options.publisher.publishRaw(dlqTopicFor(topic), message.key?.toString() ?? null, message.value ?? '', {
      ...decodeHeaders(message.headers),
      [MessageHeaders.dlqError]: `${error.name}: ${error.message}`.slice(0, 1000),
      [MessageHeaders.dlqSourceTopic]: topic,
      [MessageHeaders.dlqSourcePartition]: String(partition),
      [MessageHeaders.dlqSourceOffset]: message.offset,
    });
    this.options.metrics.busConsumed.inc({ topic, outcome: 'dead_lettered' });
  }

  private async sendReply(target: ReplyTarget, body: CommandReply): Promise<void> {
    const traceparent = currentTraceparent();
    await this.options.publisher.publishRaw(
      target.topic,
      target.correlationId,
      JSON.stringify(body),
      {
        [MessageHeaders.correlationId]: target.correlationId,
        ...(traceparent ? { [MessageHeaders.traceparent]: traceparent } : {}),
      },
      target.partition,
    );
  }
}

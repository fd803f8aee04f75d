import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka, Partitioners, Producer, type IHeaders } from 'kafkajs';
import { MessageHeaders, routingKeyOf, type Envelope } from '@tessera/contracts';
import { MetricsRegistry } from '@tessera/observability';
import { ProduceCoalescer } from './produce-coalescer';

/** Publishes envelopes, keyed by verification id (or tenant) so one verification's events stay ordered. */
@Injectable()
export class BusPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: Producer;
  private readonly coalescer: ProduceCoalescer;

  constructor(
    kafka: Kafka,
    private readonly metrics: MetricsRegistry,
  ) {
    // Not kafkajs's idempotent mode: with concurrent sends (several partitions consumed at once) it crashes in
    // releaseBrokerLock. Delivery is at least once by design (acks=all here, and every consumer dedupes).
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.coalescer = new ProduceCoalescer(this.producer);
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.coalescer.idle();
    await this.producer.disconnect();
  }

  /**
   * Key: the routing key the verification id carries (libs/contracts routing-key.ts), else `key` (the routing key
   * of a tenant and destination), else the tenant.
   */
  async publish(topic: string, envelope: Envelope, headers: IHeaders = {}, key?: string): Promise<void> {
    const routingKey = envelope.verificationId ? routingKeyOf(envelope.verificationId) : null;
    await this.publishRaw(topic, routingKey ?? key ?? envelope.tenantId, JSON.stringify(envelope), {
      ...(envelope.traceparent ? { [MessageHeaders.traceparent]: envelope.traceparent } : {}),
      ...headers,
    });
  }

  async publishRaw(
    topic: string,
    key: string | null,
    value: string | Buffer,
    headers: IHeaders = {},
    partition?: number,
  ): Promise<void> {
    await this.coalescer.send(topic, { key, value, headers, ...(partition === undefined ? {} : { partition }) });
    this.metrics.busPublished.inc({ topic });
  }
}

import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CompressionTypes, Kafka, Partitioners, Producer, type IHeaders } from 'kafkajs';
import { MessageHeaders, type Envelope } from '@tessera/contracts';
import { MetricsRegistry } from '@tessera/observability';

/** Publishes envelopes, keyed by verification id (or tenant) so one verification's events stay ordered. */
@Injectable()
export class BusPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: Producer;

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
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Key: the verification id, else `key` (e.g. tenant and hashed destination), else the tenant. */
  async publish(topic: string, envelope: Envelope, headers: IHeaders = {}, key?: string): Promise<void> {
    await this.publishRaw(topic, envelope.verificationId ?? key ?? envelope.tenantId, JSON.stringify(envelope), {
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
    await this.producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.None,
      messages: [{ key, value, headers, ...(partition === undefined ? {} : { partition }) }],
    });
    this.metrics.busPublished.inc({ topic });
  }
}

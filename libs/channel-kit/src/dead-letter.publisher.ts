import { Injectable } from '@nestjs/common';
import { MessageHeaders, dlqTopicFor, type Envelope } from '@tessera/contracts';
import { BusPublisher, type BusContext } from '@tessera/messaging';
import { MetricsRegistry } from '@tessera/observability';

/**
 * Dead-letters an OtpRequested whose last try failed. That try ran outside the Kafka handler (see SendPool), so
 * it cannot throw to the consumer: this writes what the consumer's own dead-lettering writes (the message, its
 * headers, the error and where it came from) to `<topic>.dlq`, keyed as the source.
 */
@Injectable()
export class DeadLetterPublisher {
  constructor(
    private readonly publisher: BusPublisher,
    private readonly metrics: MetricsRegistry,
  ) {}

  async publish(source: BusContext, event: Envelope, error: Error): Promise<void> {
    await this.publisher.publish(dlqTopicFor(source.topic), event, {
      ...source.headers,
      [MessageHeaders.dlqError]: `${error.name}: ${error.message}`.slice(0, 1000),
      [MessageHeaders.dlqSourceTopic]: source.topic,
      [MessageHeaders.dlqSourcePartition]: String(source.partition),
      [MessageHeaders.dlqSourceOffset]: source.offset,
    });
    this.metrics.busConsumed.inc({ topic: source.topic, outcome: 'dead_lettered' });
  }
}

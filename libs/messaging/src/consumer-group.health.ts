import { Injectable } from '@nestjs/common';
import type { Consumer } from 'kafkajs';

type GroupState = 'joining' | 'joined' | 'crashed' | 'stopped';

/**
 * What the app's consumer group member is doing, from the consumer's own events (no request to Kafka): joined
 * (it owns its share of the partitions and consumes), or not. An app without a consumer has nothing to report.
 */
@Injectable()
export class ConsumerGroupHealth {
  private state: GroupState | null = null;
  private detail = '';

  watch(consumer: Consumer): void {
    this.state = 'joining';
    const { GROUP_JOIN, CRASH, STOP, DISCONNECT } = consumer.events;
    consumer.on(GROUP_JOIN, () => this.set('joined'));
    consumer.on(CRASH, ({ payload }) =>
      this.set('crashed', `${payload.error.message}${payload.restart ? ' (restarting)' : ''}`),
    );
    consumer.on(STOP, () => this.set('stopped'));
    consumer.on(DISCONNECT, () => this.set('stopped'));
  }

  /** Why the member does not consume now, or null when it does (or the app has no consumer). */
  problem(): string | null {
    if (this.state === null || this.state === 'joined') return null;
    return `consumer group member ${this.state}${this.detail ? `: ${this.detail}` : ''}`;
  }

  private set(state: GroupState, detail = ''): void {
    this.state = state;
    this.detail = detail;
  }
}

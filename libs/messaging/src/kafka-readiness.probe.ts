import { ReadinessRegistry } from '@tessera/observability';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Kafka, type Admin } from 'kafkajs';
import { ConsumerGroupHealth } from './consumer-group.health';

/** A probe answers from a result at most this old: however often it is asked, Kafka sees one request a second. */
export const KAFKA_PROBE_CACHE_MS = 1000;
/** A broker that has not answered within this is down, as far as readiness goes. */
export const KAFKA_PROBE_TIMEOUT_MS = 2000;

type ClusterAnswer = { brokers: number } | { error: string };

/**
 * Kafka readiness: the broker answers a metadata request on one admin connection kept for the app's life (opened
 * on the first probe, reconnected by kafkajs after an outage; never a new connection per probe), and the app's
 * consumer group member has joined. Answers are cached for a second and bounded by a timeout, so a probe neither
 * costs a request each nor hangs while the broker is away.
 */
@Injectable()
export class KafkaReadinessProbe implements OnApplicationShutdown {
  private admin?: Admin;
  private last?: { at: number; answer: ClusterAnswer };
  private inFlight?: Promise<ClusterAnswer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly indicators: HealthIndicatorService,
    private readonly group: ConsumerGroupHealth,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this);
  }

  async check() {
    const indicator = this.indicators.check('kafka');
    const answer = await this.cluster();
    if ('error' in answer) return indicator.down({ message: answer.error });
    const problem = this.group.problem();
    return problem ? indicator.down({ message: problem }) : indicator.up({ brokers: answer.brokers });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async cluster(): Promise<ClusterAnswer> {
    if (this.last && Date.now() - this.last.at < KAFKA_PROBE_CACHE_MS) return this.last.answer;
    this.inFlight ??= this.ask().then((answer) => {
      this.last = { at: Date.now(), answer };
      this.inFlight = undefined;
      return answer;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ClusterAnswer>((resolve) => {
      timer = setTimeout(
        () => resolve({ error: `no answer from Kafka within ${KAFKA_PROBE_TIMEOUT_MS} ms` }),
        KAFKA_PROBE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([this.inFlight, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async ask(): Promise<ClusterAnswer> {
    try {
      // no retries of its own: the next probe is the retry
      this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      return { brokers: cluster.brokers.length };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
}

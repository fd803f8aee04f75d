import { ReadinessRegistry } from '@tessera/observability';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';

@Injectable()
export class KafkaReadinessProbe {
  constructor(
    private readonly kafka: Kafka,
    private readonly indicators: HealthIndicatorService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this);
  }

  async check() {
    const indicator = this.indicators.check('kafka');
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One prom-client registry per app; shared bus metrics live here, apps add their own. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly busConsumed = new Counter({
    name: 'tessera_bus_messages_consumed_total',
    help: 'Bus messages consumed, by topic and outcome (ok, retried, dead_lettered, rejected)',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly busPublished = new Counter({
    name: 'tessera_bus_messages_published_total',
    help: 'Bus messages published, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly busHandlerSeconds = new Histogram({
    name: 'tessera_bus_handler_duration_seconds',
    help: 'Time spent handling one bus message',
    labelNames: ['topic'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly busConsumerLag = new Histogram({
    name: 'tessera_bus_consume_delay_seconds',
    help: 'Delay between a message being produced and being consumed (a view of consumer lag)',
    labelNames: ['topic'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tessera_', eventLoopMonitoringPrecision: 100 });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Counter<L>;
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge read at scrape time from `read` (no bookkeeping on the hot path). */
  gauge(name: string, help: string, read: () => number): Gauge {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge;
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

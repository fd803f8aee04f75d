import { getHeapStatistics } from 'node:v8';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { tesseraVersion } from './tessera-version';

/** How often the event-loop delay is sampled. */
export const EVENT_LOOP_SAMPLE_MS = 1000;

/** The labels every series of a process carries: which app, which build. */
export interface MetricsIdentity {
  service: string;
  version: string;
}

/**
 * One prom-client registry per process, every series labelled with `service` and `version`; shared HTTP and bus
 * metrics live here, apps add their own. Label values are bounded: route templates, topics, channels, providers,
 * tenants, error codes; never ids or destinations.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'tessera_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpSeconds = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly busConsumed = new Counter({
    name: 'tessera_bus_messages_consumed_total',
    help: 'Bus messages consumed, by topic and outcome (ok, retried, rerouted, rejected, dead_lettered, expired)',
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

  readonly busGroupLag = new Gauge({
    name: 'tessera_bus_consumer_lag_messages',
    help: 'Messages of a partition not yet consumed by this member of the group (high watermark of the last fetch minus the next offset)',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  constructor(identity: MetricsIdentity = { service: 'unknown', version: tesseraVersion() }) {
    this.registry.setDefaultLabels({ service: identity.service, version: identity.version });
    // the event-loop delay histogram samples once a second: a saturated loop shows in every sample, and an idle
    // app is not woken ten times a second to prove it is idle (CPU at rest, issue 11). Each sample is the whole
    // interval between two ticks (an idle loop records 1 s); the dashboard subtracts it.
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'tessera_',
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
    // prom-client's totals of these are gauges named `_total`, which Prometheus reserves for counters (promtool
    // check metrics refuses them); the same counts stay in tessera_nodejs_active_{handles,requests,resources}{type}
    for (const gauge of ['handles', 'requests', 'resources']) {
      this.registry.removeSingleMetric(`tessera_nodejs_active_${gauge}_total`);
    }
    this.gauge(
      'tessera_nodejs_heap_limit_bytes',
      "V8's heap limit (TESSERA_HEAP_MB bounds its old space, TESSERA_SEMI_SPACE_MB its young generation): beside tessera_nodejs_heap_size_used_bytes, how near the process is to running out",
      () => getHeapStatistics().heap_size_limit,
    );
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

  /** A labelled gauge filled at scrape time by `collect` (which sets each label set it knows of). */
  labelledGauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (gauge: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<L>;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

import { DynamicModule, INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Kafka } from 'kafkajs';
import { BusPublisher, BusServer, ConsumerGroupHealth, type PartitionOwner } from '@tessera/messaging';
import { MetricsRegistry } from '@tessera/observability';
import { closeConnectionsOnShutdown } from './close-connections-on-shutdown';
import { measureHttpRequests, traceHttpRequests } from './http-instrumentation';
import { SHUTDOWN_DEADLINE_MS, armShutdownDeadline } from './shutdown-deadline';

export interface ServiceStartOptions {
  name: string;
  module: DynamicModule;
  host: string;
  port: number;
  /** Largest accepted HTTP body; bigger ones get 413 before any handler runs. */
  bodyLimitBytes?: number;
  /** Whom to believe about the client's address in X-Forwarded-For (Fastify's trustProxy); never by default. */
  trustProxy?: boolean | number | string[];
  bus?: {
    groupId: string;
    topics: readonly string[];
    partitionsConsumedConcurrently?: number;
    /** The provider that owns state per partition, if the app keeps any (see PartitionOwner). */
    owner?: Type<PartitionOwner>;
  };
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** Boots one Tessera app: Fastify HTTP (health, metrics, webhooks or API), the bus consumer, graceful SIGTERM. */
export async function startService(options: ServiceStartOptions): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    // a too-long path parameter reaches the route, whose validation answers 400, not the router's bare 414
    maxParamLength: 2048,
  });
  traceHttpRequests(adapter.getInstance());
  closeConnectionsOnShutdown(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    bufferLogs: true,
    rawBody: true,
  });
  app.useLogger(app.get(PinoLogger));
  measureHttpRequests(adapter.getInstance(), app.get(MetricsRegistry));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  armShutdownDeadline(process, ['SIGTERM', 'SIGINT'], SHUTDOWN_DEADLINE_MS, (signal) => {
    app
      .get(PinoLogger)
      .error(`${options.name}: shutdown on ${signal} not done within ${SHUTDOWN_DEADLINE_MS} ms, exiting`);
    process.exit(1);
  });
  await options.configure?.(app);
  // every provider is initialised (onModuleInit) before the first message is consumed
  await app.init();
  if (options.bus) {
    app.connectMicroservice({
      strategy: new BusServer({
        kafka: app.get(Kafka),
        publisher: app.get(BusPublisher),
        metrics: app.get(MetricsRegistry),
        groupId: options.bus.groupId,
        topics: options.bus.topics,
        partitionsConsumedConcurrently: options.bus.partitionsConsumedConcurrently,
        owner: options.bus.owner ? app.get(options.bus.owner) : undefined,
        groupHealth: app.get(ConsumerGroupHealth),
      }),
    });
    await app.startAllMicroservices();
  }
  await app.listen(options.port, options.host);
  app.get(PinoLogger).log(`${options.name} listening on http://${options.host}:${options.port}`, 'Bootstrap');
  return app;
}

import type { DynamicModule } from '@nestjs/common';
import { KafkaModule } from '@tessera/messaging';
import { ObservabilityModule, TesseraLoggerModule } from '@tessera/observability';
import { MongoModule } from '@tessera/persistence';

export interface FoundationConfig {
  LOG_LEVEL: string;
  KAFKA_BROKERS: string[];
  MONGO_URL: string;
  MONGO_DB: string;
}

/** What every Tessera app imports: JSON logs, Kafka, its own Mongo database, /metrics and /health. */
export function serviceFoundation(app: string, config: FoundationConfig): DynamicModule[] {
  return [
    TesseraLoggerModule.forRoot({ app, level: config.LOG_LEVEL }),
    KafkaModule.forRoot({ clientId: app, brokers: config.KAFKA_BROKERS }),
    MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
    ObservabilityModule.forRoot({ service: app }),
  ];
}

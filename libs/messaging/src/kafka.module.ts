import { TerminusModule } from '@nestjs/terminus';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { BusPublisher } from './bus-publisher';
import { createKafka, type KafkaConnectionOptions } from './kafka-factory';
import { ConsumerGroupHealth } from './consumer-group.health';
import { KafkaReadinessProbe } from './kafka-readiness.probe';

@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaConnectionOptions): DynamicModule {
    return {
      module: KafkaModule,
      imports: [TerminusModule],
      providers: [
        { provide: Kafka, useValue: createKafka(options) },
        BusPublisher,
        ConsumerGroupHealth,
        KafkaReadinessProbe,
      ],
      exports: [Kafka, BusPublisher, ConsumerGroupHealth, KafkaReadinessProbe],
    };
  }
}

import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { ReadinessMetric } from './readiness.metric';
import { ReadinessRegistry } from './readiness.registry';
import { tesseraVersion } from './tessera-version';

export interface ObservabilityOptions {
  /** The app's name: the `service` label of every series. */
  service: string;
}

/** /metrics, /health/live and /health/ready for every app; probes register with ReadinessRegistry. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions = { service: 'unknown' }): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [MetricsController, HealthController],
      providers: [
        {
          provide: MetricsRegistry,
          useValue: new MetricsRegistry({ service: options.service, version: tesseraVersion() }),
        },
        ReadinessRegistry,
        ReadinessMetric,
      ],
      exports: [MetricsRegistry, ReadinessRegistry, TerminusModule],
    };
  }
}

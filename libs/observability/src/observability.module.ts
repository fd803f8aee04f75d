import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { ReadinessRegistry } from './readiness.registry';

/** /metrics, /health/live and /health/ready for every app; probes register with ReadinessRegistry. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [MetricsController, HealthController],
      providers: [MetricsRegistry, ReadinessRegistry],
      exports: [MetricsRegistry, ReadinessRegistry, TerminusModule],
    };
  }
}

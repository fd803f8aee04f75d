import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** A readiness check contributed by a library (Kafka, Mongo) or an app; it registers itself here. */
export interface ReadinessProbe {
  check(): Promise<HealthIndicatorResult>;
}

@Injectable()
export class ReadinessRegistry {
  private readonly probes: ReadinessProbe[] = [];

  register(probe: ReadinessProbe): void {
    this.probes.push(probe);
  }

  all(): readonly ReadinessProbe[] {
    return this.probes;
  }
}

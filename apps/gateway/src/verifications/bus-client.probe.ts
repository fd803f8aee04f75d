import { ReadinessRegistry } from '@tessera/observability';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BusClient } from '@tessera/messaging';

/** Ready only once this replica owns reply partitions, or its commands would never get answers. */
@Injectable()
export class BusClientReadinessProbe {
  constructor(
    private readonly bus: BusClient,
    private readonly indicators: HealthIndicatorService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this);
  }

  async check() {
    const indicator = this.indicators.check('replies');
    return this.bus.ready ? indicator.up() : indicator.down({ message: 'reply partitions not assigned yet' });
  }
}

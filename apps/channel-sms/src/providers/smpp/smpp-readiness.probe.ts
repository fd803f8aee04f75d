import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry } from '@tessera/observability';
import { SmppConnection } from './smpp-connection';

/** /health/ready reports `smpp` up only while the transceiver session is bound. */
@Injectable()
export class SmppReadinessProbe {
  constructor(
    private readonly connection: SmppConnection,
    private readonly indicators: HealthIndicatorService,
    readiness: ReadinessRegistry,
  ) {
    readiness.register(this);
  }

  check() {
    const indicator = this.indicators.check('smpp');
    const state = this.connection.currentState;
    return Promise.resolve(this.connection.isBound ? indicator.up({ state }) : indicator.down({ state }));
  }
}

import { ServiceUnavailableException } from '@nestjs/common';
import { HealthHttpController } from './health.http.controller';
import { SandboxReadiness } from './sandbox-readiness';

describe('the sandbox health endpoints', () => {
  it('is live at once, ready only once every listener is bound, and not ready while closing', () => {
    const readiness = new SandboxReadiness();
    const health = new HealthHttpController(readiness);
    expect(health.live()).toEqual({ status: 'ok' });
    expect(health.health()).toEqual({ status: 'ok' });
    expect(() => health.ready()).toThrow(ServiceUnavailableException);
    readiness.markListening();
    expect(health.ready()).toEqual({ status: 'ok' });
    readiness.beforeApplicationShutdown();
    expect(() => health.ready()).toThrow(ServiceUnavailableException);
  });
});

import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { SandboxReadiness } from './sandbox-readiness';

/** The probes every Tessera app serves; the sandbox has no Kafka or database, so ready means every peer listens. */
@Controller('health')
export class HealthHttpController {
  constructor(private readonly readiness: SandboxReadiness) {}

  /** Kept for scripts written against the first sandbox: the same as `/health/live`. */
  @Get()
  health(): { status: 'ok' } {
    return this.live();
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 once the HTTP, SMPP and SMTP listeners are all bound; 503 before that and while closing. */
  @Get('ready')
  ready(): { status: 'ok' } {
    if (!this.readiness.isReady) throw new ServiceUnavailableException({ status: 'starting' });
    return { status: 'ok' };
  }
}

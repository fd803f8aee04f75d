import { Controller, Get } from '@nestjs/common';

/** For scripts that wait for the sandbox to come up. */
@Controller('health')
export class HealthHttpController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

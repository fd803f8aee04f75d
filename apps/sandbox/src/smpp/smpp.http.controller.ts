import { Controller, HttpCode, Post } from '@nestjs/common';
import { SmppSmsc } from './smpp.smsc';

/** Test hook: cut every SMPP connection so an ESME's reconnect can be exercised. */
@Controller('api/smpp')
export class SmppHttpController {
  constructor(private readonly smsc: SmppSmsc) {}

  @Post('drop')
  @HttpCode(200)
  drop(): { dropped: number } {
    return { dropped: this.smsc.dropConnections() };
  }
}

import { Controller, Delete, Get, HttpCode, HttpException, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { FateBook } from '../fates/fate-book';
import type { InboxMessage } from './inbox-message';
import { InboxStore } from './inbox.store';
import { sinceQuery } from './since-query';

const listQuery = z.object({
  to: z.string().optional(),
  channel: z.enum(['whatsapp', 'sms', 'email']).optional(),
  since: sinceQuery.optional(),
});

/** The inbox as JSON, for tests and scripts. */
@Controller('api/messages')
export class InboxHttpController {
  constructor(
    private readonly inbox: InboxStore,
    private readonly fates: FateBook,
  ) {}

  @Get()
  list(@Query() query: Record<string, string>): { messages: InboxMessage[] } {
    const parsed = listQuery.safeParse(query);
    if (!parsed.success) {
      throw new HttpException(
        { error: 'invalid_query', details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        400,
      );
    }
    return { messages: this.inbox.list(parsed.data) };
  }

  @Get(':id')
  get(@Param('id') id: string): InboxMessage {
    const message = this.inbox.get(id);
    if (!message) throw new NotFoundException({ error: 'not_found', id });
    return message;
  }

  /** Empties the inbox and restarts every flaky destination's count. */
  @Delete()
  @HttpCode(204)
  clear(): void {
    this.inbox.clear();
    this.fates.reset();
  }
}

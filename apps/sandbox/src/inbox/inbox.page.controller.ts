import { Controller, Get, Header, Query } from '@nestjs/common';
import { InboxStore } from './inbox.store';
import { renderInboxPage } from './inbox.page';

const CHANNELS = new Set(['whatsapp', 'sms', 'email']);

/** The inbox for a person with a browser. */
@Controller()
export class InboxPageController {
  constructor(private readonly inbox: InboxStore) {}

  @Get(['', 'inbox'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(@Query('to') to?: string, @Query('channel') channel?: string): string {
    const filter = { to: to || undefined, channel: channel && CHANNELS.has(channel) ? channel : undefined };
    return renderInboxPage(this.inbox.list(filter), filter);
  }
}

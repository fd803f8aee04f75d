import { Controller, Get, HttpException, Inject, OnModuleDestroy, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { digitsOf } from '../fates/fates';
import type { InboxMessage } from './inbox-message';
import { InboxStore } from './inbox.store';
import { sinceQueryMs } from './since-query';

const waitQuery = z.object({
  to: z.string().min(1),
  channel: z.enum(['whatsapp', 'sms', 'email']).optional(),
  since: sinceQueryMs.optional(),
  timeoutMs: z.coerce.number().int().min(0).max(60_000).default(10_000),
});
type WaitQuery = z.infer<typeof waitQuery>;

interface Waiter {
  query: WaitQuery;
  answer: (message: InboxMessage | null) => void;
}

/** Messages remembered per destination for a wait that starts after its message arrived. */
const RECENT_PER_DESTINATION = 4;

/** Phones match on their digits, emails ignoring case (as the inbox's `to` filter does). */
const destinationKey = (to: string): string => (to.includes('@') ? to.trim().toLowerCase() : digitsOf(to));

/**
 * `GET /api/messages/wait?to=&channel=&since=&timeoutMs=`: a long-poll for scripts and benchmarks. Answers 200
 * with the newest message to `to` received at or after `since` as soon as there is one (at once if it is already
 * in), or 204 after `timeoutMs` (default 10 s, at most 60 s). Each wait costs a map lookup, never a scan of the
 * inbox, so thousands can be open at once.
 */
@Controller('api/messages')
export class InboxWaitHttpController implements OnModuleDestroy {
  private readonly recent = new Map<string, InboxMessage[]>();
  private readonly waiting = new Map<string, Set<Waiter>>();
  private readonly stopListening: () => void;

  constructor(
    private readonly inbox: InboxStore,
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'inboxLimit'>,
  ) {
    this.stopListening = inbox.onAdded((message) => this.arrived(message));
  }

  @Get('wait')
  async wait(
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InboxMessage | undefined> {
    const parsed = waitQuery.safeParse(raw);
    if (!parsed.success) {
      throw new HttpException(
        { error: 'invalid_query', details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
        400,
      );
    }
    const message = this.alreadyIn(parsed.data) ?? (await this.next(parsed.data));
    if (message) return message;
    reply.status(204);
    return undefined;
  }

  onModuleDestroy(): void {
    this.stopListening();
    for (const waiters of this.waiting.values()) for (const waiter of waiters) waiter.answer(null);
    this.waiting.clear();
  }

  private alreadyIn(query: WaitQuery): InboxMessage | undefined {
    const recent = this.recent.get(destinationKey(query.to)) ?? [];
    for (let i = recent.length - 1; i >= 0; i--) {
      // still in the inbox: not emptied by DELETE /api/messages nor pushed out by the limit
      if (matches(recent[i], query) && this.inbox.get(recent[i].id)) return recent[i];
    }
    return undefined;
  }

  private next(query: WaitQuery): Promise<InboxMessage | null> {
    if (query.timeoutMs === 0) return Promise.resolve(null);
    const key = destinationKey(query.to);
    return new Promise((resolve) => {
      const waiters = this.waiting.get(key) ?? new Set<Waiter>();
      this.waiting.set(key, waiters);
      const waiter: Waiter = {
        query,
        answer: (message) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (waiters.size === 0 && this.waiting.get(key) === waiters) this.waiting.delete(key);
          resolve(message);
        },
      };
      const timer = setTimeout(() => waiter.answer(null), query.timeoutMs);
      waiters.add(waiter);
    });
  }

  private arrived(message: InboxMessage): void {
    const key = destinationKey(message.to);
    const recent = this.recent.get(key) ?? [];
    this.recent.delete(key); // re-inserted last: the map's order is then oldest destination first
    recent.push(message);
    if (recent.length > RECENT_PER_DESTINATION) recent.shift();
    this.recent.set(key, recent);
    if (this.recent.size > this.config.inboxLimit) this.recent.delete(this.recent.keys().next().value!);
    for (const waiter of [...(this.waiting.get(key) ?? [])]) if (matches(message, waiter.query)) waiter.answer(message);
  }
}

function matches(message: InboxMessage, query: WaitQuery): boolean {
  if (query.channel && message.channel !== query.channel) return false;
  return query.since === undefined || Date.parse(message.receivedAt) >= query.since;
}

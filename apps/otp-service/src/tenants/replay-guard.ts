import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type Envelope } from '@tessera/contracts';
import type { BusContext } from '@tessera/messaging';

/** How old a signed command may be when it is handled, and how far ahead of this clock it may claim to be. */
export const COMMAND_MAX_AGE_MS = 300_000;
export const COMMAND_MAX_SKEW_MS = 30_000;
/** Bounds the memory of seen commands (about 100 bytes each); past it the oldest are forgotten first. */
const MAX_REMEMBERED = 500_000;

/**
 * Refuses a signed command seen before or signed too long ago, so that whoever can read a topic cannot replay
 * a captured command (a wrong check to use up a person's attempts, a request to send more messages). A command
 * is its eventId (signed); the same Kafka message handled again (a retry, a redelivery) is not a replay. The
 * memory is per replica and lasts `COMMAND_MAX_AGE_MS`: the age limit covers what a restart forgets.
 */
@Injectable()
export class ReplayGuard {
  private readonly seen = new Map<string, { at: number; message: string }>();

  admit(envelope: Envelope, context: Pick<BusContext, 'topic' | 'partition' | 'offset'>, now = Date.now()): void {
    const age = now - Date.parse(envelope.occurredAt);
    if (!(age <= COMMAND_MAX_AGE_MS && age >= -COMMAND_MAX_SKEW_MS)) {
      throw new DomainError(ErrorCodes.busCommandReplayed, 'command signed too long ago (or in the future)');
    }
    this.forgetOlderThan(now - COMMAND_MAX_AGE_MS - COMMAND_MAX_SKEW_MS);
    const message = `${context.topic}/${context.partition}/${context.offset}`;
    const earlier = this.seen.get(envelope.eventId);
    if (earlier && earlier.message !== message) {
      throw new DomainError(ErrorCodes.busCommandReplayed, `command ${envelope.eventId} was handled before`);
    }
    if (!earlier) this.seen.set(envelope.eventId, { at: now, message });
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [eventId, entry] of this.seen) {
      if (entry.at >= cutoff && this.seen.size <= MAX_REMEMBERED) return;
      this.seen.delete(eventId);
    }
  }
}

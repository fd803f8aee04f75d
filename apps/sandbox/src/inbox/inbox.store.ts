import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { digitsOf } from '../fates/fates';
import { extractCode } from './extract-code';
import { failureCodeOf } from './failure-codes';
import type { CallbackEntry, InboxMessage, NewInboxMessage, StatusEntry } from './inbox-message';
import { verificationIdOf } from './message-verification';

export interface InboxQuery {
  /** Phone numbers match on their digits (`+1 555…` finds `1555…`), emails ignoring case. */
  to?: string;
  channel?: string;
  /** ISO time or epoch milliseconds: messages received at or after it. */
  since?: string | number | Date;
}

/** Every message the peers received, newest last in memory, capped to the configured limit. */
@Injectable()
export class InboxStore {
  private readonly messages: InboxMessage[] = [];
  private readonly changes = new EventEmitter();

  constructor(@Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'inboxLimit'>) {
    this.changes.setMaxListeners(0);
  }

  add(input: NewInboxMessage): InboxMessage {
    const now = new Date().toISOString();
    const message: InboxMessage = {
      id: randomUUID(),
      channel: input.channel,
      provider: input.provider,
      to: input.to,
      ...(input.from === undefined ? {} : { from: input.from }),
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      text: input.text,
      ...(input.html === undefined ? {} : { html: input.html }),
      code: extractCode(input.codeSource, input.text, input.subject),
      verificationId: verificationIdOf(input.provider, input.raw),
      providerMessageId: input.providerMessageId,
      fate: input.fate,
      outcome: input.outcome,
      ...(input.error === undefined ? {} : { error: input.error }),
      statuses: [{ status: input.outcome, at: now }],
      callbacks: [],
      receivedAt: now,
      raw: input.raw,
    };
    this.messages.push(message);
    if (this.messages.length > this.config.inboxLimit)
      this.messages.splice(0, this.messages.length - this.config.inboxLimit);
    this.changes.emit('change');
    this.changes.emit('added', message);
    return message;
  }

  /** Records a status as played; a `failed` one carries the error code the provider reports with it. */
  addStatus(id: string, status: string): void {
    this.update(id, (message) => {
      const entry: StatusEntry = { status, at: new Date().toISOString() };
      const errorCode = status === 'failed' ? failureCodeOf(message.provider) : null;
      message.statuses.push(errorCode ? { ...entry, errorCode } : entry);
    });
  }

  addCallback(id: string, callback: Omit<CallbackEntry, 'at'>): void {
    this.update(id, (message) => message.callbacks.push({ ...callback, at: new Date().toISOString() }));
  }

  get(id: string): InboxMessage | undefined {
    return this.messages.find((message) => message.id === id);
  }

  findByProviderMessageId(provider: string, providerMessageId: string): InboxMessage | undefined {
    return this.messages.find((m) => m.provider === provider && m.providerMessageId === providerMessageId);
  }

  /** Matching messages, newest first. */
  list(query: InboxQuery = {}): InboxMessage[] {
    const since = query.since === undefined || query.since === '' ? undefined : toTime(query.since);
    return this.messages
      .filter((message) => !query.channel || message.channel === query.channel)
      .filter((message) => !query.to || sameDestination(message.to, query.to))
      .filter((message) => since === undefined || Date.parse(message.receivedAt) >= since)
      .reverse();
  }

  clear(): void {
    this.messages.length = 0;
    this.changes.emit('change');
  }

  /** Calls `listener` with each message as it arrives (not on later status changes); returns the unsubscribe. */
  onAdded(listener: (message: InboxMessage) => void): () => void {
    this.changes.on('added', listener);
    return () => this.changes.off('added', listener);
  }

  /** Resolves with the newest message matching `predicate` once there is one (for tests: poll-free waiting). */
  waitFor(predicate: (message: InboxMessage) => boolean, timeoutMs = 10_000): Promise<InboxMessage> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = [...this.messages].reverse().find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`inbox: no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', check);
      };
      this.changes.on('change', check);
      check();
    });
  }

  private update(id: string, change: (message: InboxMessage) => void): void {
    const message = this.get(id);
    if (!message) return;
    change(message);
    this.changes.emit('change');
  }
}

function toTime(value: string | number | Date): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

function sameDestination(stored: string, wanted: string): boolean {
  if (wanted.includes('@') || stored.includes('@')) return stored.trim().toLowerCase() === wanted.trim().toLowerCase();
  const digits = digitsOf(wanted);
  return digits !== '' && digitsOf(stored) === digits;
}

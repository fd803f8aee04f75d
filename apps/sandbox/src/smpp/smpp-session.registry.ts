import { Injectable, Logger } from '@nestjs/common';
import type { SmppSession } from './smpp-package';

export type BindMode = 'transceiver' | 'transmitter' | 'receiver';

/** The ESME connections the SMSC holds, and which of them are bound, as whom, and how. */
@Injectable()
export class SmppSessionRegistry {
  private readonly logger = new Logger(SmppSessionRegistry.name);
  private readonly sessions = new Set<SmppSession>();
  private readonly bindings = new Map<SmppSession, { systemId: string; mode: BindMode }>();

  add(session: SmppSession): void {
    this.sessions.add(session);
    session.on('close', () => {
      this.sessions.delete(session);
      this.bindings.delete(session);
    });
  }

  bind(session: SmppSession, systemId: string, mode: BindMode): void {
    this.bindings.set(session, { systemId, mode });
  }

  unbind(session: SmppSession): void {
    this.bindings.delete(session);
  }

  bindingOf(session: SmppSession): { systemId: string; mode: BindMode } | undefined {
    return this.bindings.get(session);
  }

  /** Where a receipt for `systemId` goes: `preferred` if it can still receive, else any receiving session of that ESME. */
  receiverFor(systemId: string, preferred?: SmppSession): SmppSession | undefined {
    const canReceive = (session: SmppSession): boolean => {
      const binding = this.bindings.get(session);
      return !!binding && binding.systemId === systemId && binding.mode !== 'transmitter' && session.socket.writable;
    };
    if (preferred && canReceive(preferred)) return preferred;
    return [...this.bindings.keys()].find(canReceive);
  }

  get count(): number {
    return this.sessions.size;
  }

  /** Cuts every connection at once; returns how many there were. */
  dropAll(): number {
    const sessions = [...this.sessions];
    sessions.forEach((session) => session.destroy());
    if (sessions.length) this.logger.log(`dropped ${sessions.length} SMPP connection(s)`);
    return sessions.length;
  }
}

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DeliveryScheduler } from '../callbacks/delivery.scheduler';
import { sleep } from '../common/sleep';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { FateBook } from '../fates/fate-book';
import type { NewInboxMessage } from '../inbox/inbox-message';
import { InboxStore } from '../inbox/inbox.store';
import { DeliveryReceiptDispatcher } from './delivery-receipt.dispatcher';
import { describePdu } from './describe-pdu';
import { smpp, type SmppPdu, type SmppServer, type SmppSession, SmppStatus } from './smpp-package';
import { type BindMode, SmppSessionRegistry } from './smpp-session.registry';
import { textOfSubmit } from './short-message.decoder';

const BIND_COMMANDS: Readonly<Record<string, BindMode>> = {
  bind_transceiver: 'transceiver',
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
};

/**
 * An SMPP v3.4 SMSC: binds with the configured system_id and password, answers enquire_link and unbind,
 * takes submit_sm under the fates and has its receipts sent. Other operations answer ESME_RINVCMDID.
 */
@Injectable()
export class SmppSmsc implements OnApplicationShutdown {
  private readonly logger = new Logger(SmppSmsc.name);
  private server?: SmppServer;

  constructor(
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'smpp'>,
    private readonly sessions: SmppSessionRegistry,
    private readonly receipts: DeliveryReceiptDispatcher,
    private readonly fates: FateBook,
    private readonly inbox: InboxStore,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  /** Starts listening; resolves with the bound port (pass 0 for an ephemeral one). */
  listen(host: string, port: number): Promise<number> {
    const server = smpp.createServer({}, (session) => this.accept(session));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  /** Cuts every ESME connection (the listener stays up), to test reconnects. Returns how many were cut. */
  dropConnections(): number {
    return this.sessions.dropAll();
  }

  get connectionCount(): number {
    return this.sessions.count;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.sessions.dropAll();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(session: SmppSession): void {
    this.sessions.add(session);
    session.on('error', (error: Error) => this.logger.debug(`SMPP session error: ${error.message}`));
    session.on('pdu', (pdu: SmppPdu) => this.onPdu(session, pdu));
  }

  private onPdu(session: SmppSession, pdu: SmppPdu): void {
    if (pdu.isResponse()) return;
    const bindMode = BIND_COMMANDS[pdu.command];
    if (bindMode) return this.bind(session, pdu, bindMode);
    switch (pdu.command) {
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'unbind':
        this.sessions.unbind(session);
        session.send(pdu.response(), () => session.close());
        return;
      case 'submit_sm':
        void this.submit(session, pdu).catch((error: unknown) => {
          this.logger.error(`submit_sm failed: ${String(error)}`);
          session.send(pdu.response({ command_status: SmppStatus.ESME_RSYSERR }));
        });
        return;
      default:
        session.send(pdu.response({ command_status: SmppStatus.ESME_RINVCMDID }));
    }
  }

  private bind(session: SmppSession, pdu: SmppPdu, mode: BindMode): void {
    if (this.sessions.bindingOf(session)) {
      session.send(pdu.response({ command_status: SmppStatus.ESME_RALYBND }));
      return;
    }
    const { systemId, password } = this.config.smpp;
    if (pdu.system_id !== systemId || pdu.password !== password) {
      this.logger.warn(`SMPP bind refused for system_id "${String(pdu.system_id)}"`);
      session.send(pdu.response({ command_status: SmppStatus.ESME_RBINDFAIL }));
      return;
    }
    this.sessions.bind(session, systemId, mode);
    session.send(pdu.response({ system_id: 'SANDBOX' }));
    if (mode !== 'transmitter') this.receipts.flush();
  }

  private async submit(session: SmppSession, pdu: SmppPdu): Promise<void> {
    const binding = this.sessions.bindingOf(session);
    if (!binding || binding.mode === 'receiver') {
      session.send(pdu.response({ command_status: SmppStatus.ESME_RINVBNDSTS }));
      return;
    }
    const to = String(pdu.destination_addr ?? '');
    const text = textOfSubmit(pdu);
    const received = {
      channel: 'sms',
      provider: 'smpp',
      to,
      from: String(pdu.source_addr ?? ''),
      text,
      raw: describePdu(pdu),
    } as const;
    const refuse = (
      status: number,
      code: string,
      fate: NewInboxMessage['fate'],
      outcome: 'rejected' | 'error',
    ): void => {
      this.inbox.add({
        ...received,
        fate,
        outcome,
        providerMessageId: null,
        error: { code, message: `submit_sm refused with ${code}` },
      });
      session.send(pdu.response({ command_status: status }));
    };

    if (!/^\+?\d{6,15}$/.test(to)) return refuse(SmppStatus.ESME_RINVDSTADR, 'ESME_RINVDSTADR', 'invalid', 'rejected');
    const decision = this.fates.decide('sms', 'smpp', to);
    if (decision.verdict === 'reject')
      return refuse(SmppStatus.ESME_RINVDSTADR, 'ESME_RINVDSTADR', decision.fate, 'rejected');
    if (decision.verdict === 'error') return refuse(SmppStatus.ESME_RSYSERR, 'ESME_RSYSERR', decision.fate, 'error');

    const messageId = randomBytes(8).toString('hex');
    const submitted = new Date();
    const stored = this.inbox.add({
      ...received,
      fate: decision.fate,
      outcome: 'accepted',
      providerMessageId: messageId,
    });
    await sleep(decision.delayMs);
    // a hangup fate takes the message and closes the session unanswered; the receipt waits for the next bind
    if (decision.fate === 'hangup') session.destroy();
    else session.send(pdu.response({ message_id: messageId }));
    const notifier = this.receipts.notifierFor({
      inboxId: stored.id,
      session,
      systemId: binding.systemId,
      submit: pdu,
      messageId,
      submitted,
      text,
    });
    this.scheduler.play(stored.id, decision.lifecycle, notifier);
  }
}

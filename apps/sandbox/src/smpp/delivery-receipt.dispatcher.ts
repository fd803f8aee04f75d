import { Injectable, Logger } from '@nestjs/common';
import type { StatusNotifier } from '../callbacks/delivery.scheduler';
import type { CallbackEntry } from '../inbox/inbox-message';
import { InboxStore } from '../inbox/inbox.store';
import { formatReceipt } from './delivery-receipt';
import {
  ESM_CLASS_DELIVERY_RECEIPT,
  MessageState,
  smpp,
  type SmppPdu,
  type SmppSession,
  SmppStatus,
} from './smpp-package';
import { SmppSessionRegistry } from './smpp-session.registry';

export interface SubmittedMessage {
  inboxId: string;
  session: SmppSession;
  systemId: string;
  submit: SmppPdu;
  messageId: string;
  submitted: Date;
  text: string;
}

interface Receipt {
  inboxId: string;
  status: string;
  systemId: string;
  fields: Record<string, unknown>;
}

type ReceiptResult = Omit<CallbackEntry, 'status' | 'at'>;

const RESPONSE_TIMEOUT_MS = 5000;
const MAX_QUEUED = 1000;

/**
 * Sends delivery receipts (deliver_sm, esm_class 0x04) for final statuses, when the submit_sm's
 * registered_delivery asks for them: 1 = success and failure, 2 = failure only. A receipt for an ESME with no
 * receiving session bound waits (bounded) until one binds.
 */
@Injectable()
export class DeliveryReceiptDispatcher {
  private readonly logger = new Logger(DeliveryReceiptDispatcher.name);
  private readonly queued: Receipt[] = [];

  constructor(
    private readonly sessions: SmppSessionRegistry,
    private readonly inbox: InboxStore,
  ) {}

  notifierFor(message: SubmittedMessage): StatusNotifier {
    const requested = Number(message.submit.registered_delivery ?? 0) & 0x03;
    return async (status) => {
      const final = status === 'delivered' || status === 'failed';
      const wanted = requested === 1 || (requested === 2 && status === 'failed');
      if (!final || !wanted) return null;
      const receipt = this.receiptOf(message, status);
      const session = this.sessions.receiverFor(message.systemId, message.session);
      if (session) return this.deliver(session, receipt);
      this.queue(receipt);
      return null;
    };
  }

  /** Sends what waited for a receiver of that ESME; call after a successful receiver or transceiver bind. */
  flush(): void {
    for (const receipt of [...this.queued]) {
      const session = this.sessions.receiverFor(receipt.systemId);
      if (!session) continue;
      this.queued.splice(this.queued.indexOf(receipt), 1);
      void this.deliver(session, receipt).then((result) =>
        this.inbox.addCallback(receipt.inboxId, { status: receipt.status, ...result }),
      );
    }
  }

  private receiptOf(m: SubmittedMessage, status: 'delivered' | 'failed'): Receipt {
    const failed = status === 'failed';
    const text = formatReceipt({
      messageId: m.messageId,
      stat: failed ? 'UNDELIV' : 'DELIVRD',
      err: failed ? 3 : 0,
      submitted: m.submitted,
      done: new Date(),
      text: m.text,
    });
    return {
      inboxId: m.inboxId,
      status,
      systemId: m.systemId,
      fields: {
        source_addr_ton: m.submit.dest_addr_ton,
        source_addr_npi: m.submit.dest_addr_npi,
        source_addr: m.submit.destination_addr,
        dest_addr_ton: m.submit.source_addr_ton,
        dest_addr_npi: m.submit.source_addr_npi,
        destination_addr: m.submit.source_addr,
        esm_class: ESM_CLASS_DELIVERY_RECEIPT,
        data_coding: 0,
        short_message: Buffer.from(text, 'ascii'),
        receipted_message_id: m.messageId,
        message_state: failed ? MessageState.UNDELIVERABLE : MessageState.DELIVERED,
      },
    };
  }

  private deliver(session: SmppSession, receipt: Receipt): Promise<ReceiptResult> {
    const target = `smpp:${receipt.systemId}@${session.socket.remoteAddress ?? '?'}:${session.socket.remotePort ?? '?'}`;
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        resolve({ target, attempts: 1, responseStatus: null, ok });
      };
      const timer = setTimeout(() => done(false), RESPONSE_TIMEOUT_MS);
      const pdu = new smpp.PDU('deliver_sm', { ...receipt.fields });
      const sent = session.send(pdu, (response) => done(response.command_status === SmppStatus.ESME_ROK));
      if (!sent) done(false);
    });
  }

  private queue(receipt: Receipt): void {
    this.queued.push(receipt);
    if (this.queued.length > MAX_QUEUED) this.queued.shift();
    this.logger.log(
      `receipt for ${String(receipt.fields.receipted_message_id)} waits for "${receipt.systemId}" to bind a receiver`,
    );
  }
}

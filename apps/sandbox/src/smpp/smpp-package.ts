import type { EventEmitter } from 'node:events';
import type { Server, Socket } from 'node:net';

/**
 * Types for the parts of the `smpp` package (0.5.x, no typings of its own) that the sandbox and its tests use.
 * Declared here rather than as an ambient `declare module 'smpp'` so they cannot clash with another app's.
 */
export interface SmppPdu {
  command: string;
  command_id: number;
  command_status: number;
  sequence_number: number;
  isResponse(): boolean;
  response(options?: Record<string, unknown>): SmppPdu;
  toBuffer(): Buffer;
  [field: string]: unknown;
}

export type PduCallback = (pdu: SmppPdu) => void;

export interface SmppSession extends EventEmitter {
  socket: Socket;
  send(pdu: SmppPdu, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
  bind_transceiver(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
  bind_transmitter(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
  submit_sm(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
  enquire_link(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
  unbind(options: Record<string, unknown>, responseCallback?: PduCallback): boolean;
}

export interface SmppServer extends Server {
  sessions: SmppSession[];
}

export interface SmppPackage {
  createServer(options: Record<string, unknown>, listener?: (session: SmppSession) => void): SmppServer;
  connect(
    options: { host: string; port: number; auto_enquire_link_period?: number },
    listener?: () => void,
  ): SmppSession;
  /** A PDU to send (command and fields), or one decoded from the bytes of a whole PDU. */
  PDU: new (command: string | Buffer, options?: Record<string, unknown>) => SmppPdu;
  errors: Readonly<Record<string, number>>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smpp = require('smpp') as SmppPackage;

/** Command statuses the sandbox answers (SMPP v3.4 §5.1.3). */
export const SmppStatus = {
  ESME_ROK: 0x00,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
} as const;

/** `message_state` values (SMPP v3.4 §5.2.28). */
export const MessageState = { DELIVERED: 2, UNDELIVERABLE: 5 } as const;

/** esm_class bit that marks a deliver_sm as a delivery receipt. */
export const ESM_CLASS_DELIVERY_RECEIPT = 0x04;

import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

/**
 * Types for the parts of the `smpp` package (0.5.x, no typings of its own) that channel-sms uses. Declared
 * here rather than as an ambient `declare module 'smpp'` so they cannot clash with another app's declarations
 * (the sandbox keeps its own copy of the same approach).
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

/** A client session. Emits `connect`, `pdu`, `<command>`, `error` (must be listened to) and `close`. */
export interface SmppSession extends EventEmitter {
  socket: Socket;
  /** False (and the callback is never called) when the socket is not writable. */
  send(pdu: SmppPdu, responseCallback?: PduCallback, sendCallback?: PduCallback): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
}

export interface SmppPackage {
  connect(
    options: { host: string; port: number; auto_enquire_link_period?: number },
    listener?: () => void,
  ): SmppSession;
  /** A PDU to send (command and fields), or one decoded from the bytes of a whole PDU. */
  PDU: new (command: string | Buffer, options?: Record<string, unknown>) => SmppPdu;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smpp = require('smpp') as SmppPackage;

/** Command statuses (SMPP v3.4 §5.1.3) this app answers or maps. */
export const SmppStatus = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RINVPRTFLG: 0x06,
  ESME_RINVREGDLVFLG: 0x07,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVMSGID: 0x0c,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVSERTYP: 0x15,
  ESME_RINVESMCLASS: 0x43,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RINVSRCTON: 0x48,
  ESME_RINVSRCNPI: 0x49,
  ESME_RINVDSTTON: 0x50,
  ESME_RINVDSTNPI: 0x51,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVSCHED: 0x61,
  ESME_RINVEXPIRY: 0x62,
  ESME_RX_T_APPN: 0x64,
  ESME_RX_P_APPN: 0x65,
  ESME_RX_R_APPN: 0x66,
  ESME_RINVTLVSTREAM: 0xc0,
  ESME_RTLVNOTALLWD: 0xc1,
  ESME_RINVTLVLEN: 0xc2,
  ESME_RMISSINGTLV: 0xc3,
  ESME_RINVTLVVAL: 0xc4,
  ESME_RDELIVERYFAILURE: 0xfe,
  ESME_RUNKNOWNERR: 0xff,
  ESME_RSERTYPUNAUTH: 0x100,
  ESME_RPROHIBITED: 0x101,
  ESME_RSERTYPUNAVAIL: 0x102,
  ESME_RSERTYPDENIED: 0x103,
  ESME_RINVDCS: 0x104,
} as const;

export type SmppStatusName = keyof typeof SmppStatus;

/** `message_state` values (SMPP v3.4 §5.2.28). */
export const MessageState = {
  ENROUTE: 1,
  DELIVERED: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIVERABLE: 5,
  ACCEPTED: 6,
  UNKNOWN: 7,
  REJECTED: 8,
} as const;

/** TON and NPI of an address (SMPP v3.4 §5.2.5, §5.2.6). */
export const Ton = { UNKNOWN: 0, INTERNATIONAL: 1, NATIONAL: 2, NETWORK_SPECIFIC: 3, ALPHANUMERIC: 5 } as const;
export const Npi = { UNKNOWN: 0, ISDN: 1 } as const;

/** The SMPP version a bind announces: 3.4. */
export const INTERFACE_VERSION_34 = 0x34;

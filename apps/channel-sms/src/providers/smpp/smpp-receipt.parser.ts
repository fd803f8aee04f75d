import type { ProviderStatusReport } from '@tessera/channel-kit';
import { MessageState } from './smpp-package';

/** esm_class message-type bits (2–5) of a deliver_sm that is an SMSC delivery receipt. */
const ESM_CLASS_TYPE_MASK = 0x3c;
const ESM_CLASS_DELIVERY_RECEIPT = 0x04;

/** Final (and en-route) states as the receipt text spells them (SMPP v3.4 Appendix B). */
type ReceiptStat = 'ENROUTE' | 'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD';

const STAT_OF_STATE: Readonly<Record<number, ReceiptStat>> = {
  [MessageState.ENROUTE]: 'ENROUTE',
  [MessageState.DELIVERED]: 'DELIVRD',
  [MessageState.EXPIRED]: 'EXPIRED',
  [MessageState.DELETED]: 'DELETED',
  [MessageState.UNDELIVERABLE]: 'UNDELIV',
  [MessageState.ACCEPTED]: 'ACCEPTD',
  [MessageState.UNKNOWN]: 'UNKNOWN',
  [MessageState.REJECTED]: 'REJECTD',
};

/**
 * Tessera's reading of each state. UNDELIV and REJECTD are the network refusing this number: permanent.
 * EXPIRED (the handset stayed off), DELETED and UNKNOWN failed this time, which another try could change.
 */
const MEANING: Readonly<Record<ReceiptStat, { status: ProviderStatusReport['status']; permanent: boolean }>> = {
  ENROUTE: { status: 'sent', permanent: false },
  ACCEPTD: { status: 'sent', permanent: false },
  DELIVRD: { status: 'delivered', permanent: false },
  EXPIRED: { status: 'failed', permanent: false },
  DELETED: { status: 'failed', permanent: false },
  UNKNOWN: { status: 'failed', permanent: false },
  UNDELIV: { status: 'failed', permanent: true },
  REJECTD: { status: 'failed', permanent: true },
};

/** The fields of a received deliver_sm this parser reads, as the `smpp` package decodes them. */
export interface DeliverSmFields {
  [field: string]: unknown;
  esm_class?: unknown;
  receipted_message_id?: unknown;
  message_state?: unknown;
  /** `{ message: string }` once decoded by the package; a Buffer or string also read. */
  short_message?: unknown;
  message_payload?: unknown;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'object' && value !== null && 'message' in value) return textOf(value.message);
  return '';
}

/** `id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…`, fields in any order, any case. */
function receiptTextFields(text: string): { id?: string; stat?: string; err?: string } {
  const field = (name: string): string | undefined =>
    new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1] || undefined;
  return { id: field('id'), stat: field('stat')?.toUpperCase(), err: field('err') };
}

const isStat = (value: string | undefined): value is ReceiptStat => value !== undefined && value in MEANING;

/**
 * A deliver_sm that is a delivery receipt (esm_class 0x04) as a status report; null for anything else
 * (a mobile-originated message, or a receipt naming no message or no known state). The message id and state
 * come from the receipted_message_id and message_state TLVs when present, else from the receipt text
 * (`id:… stat:DELIVRD err:000`). A failure's errorCode is `STAT:err` (`UNDELIV:003`); `err` is the network's
 * own code, three characters. The report is dated when it arrived (`now`), since SMSCs stamp `done date` in
 * their own local time.
 */
export function parseSmppReceipt(pdu: DeliverSmFields, now: Date): ProviderStatusReport | null {
  const esmClass = typeof pdu.esm_class === 'number' ? pdu.esm_class : 0;
  if ((esmClass & ESM_CLASS_TYPE_MASK) !== ESM_CLASS_DELIVERY_RECEIPT) return null;
  const text = textOf(pdu.short_message) || textOf(pdu.message_payload);
  const fields = receiptTextFields(text);
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id.trim() : '';
  const messageId = tlvId || fields.id;
  const tlvStat = typeof pdu.message_state === 'number' ? STAT_OF_STATE[pdu.message_state] : undefined;
  const stat = tlvStat ?? (isStat(fields.stat) ? fields.stat : undefined);
  if (!messageId || !stat) return null;
  const { status, permanent } = MEANING[stat];
  const failed = status === 'failed';
  const err = fields.err && !/^0+$/.test(fields.err) ? fields.err : null;
  return {
    providerMessageId: messageId,
    status,
    errorCode: failed ? (err ? `${stat}:${err}` : stat) : null,
    errorMessage: failed ? `SMSC receipt stat:${stat}${err ? ` err:${err}` : ''}` : null,
    permanent: failed && permanent,
    at: now,
    // A receipt names only the SMSC's message id: the kit's ProviderMessageMap finds the attempt.
    delivery: null,
  };
}

export type ReceiptStat = 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD';

export interface ReceiptInput {
  messageId: string;
  stat: ReceiptStat;
  /** Network-specific error code, three digits in the text. */
  err: number;
  submitted: Date;
  done: Date;
  /** The start of the original message (the receipt carries its first 20 characters). */
  text: string;
}

/** YYMMDDhhmm in UTC. */
export function receiptDate(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    two(date.getUTCFullYear() % 100) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes())
  );
}

/**
 * Characters that read the same in ASCII and in the GSM default alphabet, so a receipt sent as data_coding 0
 * decodes identically whichever way the ESME reads it. Anything else becomes `?`.
 */
const SAFE = /[^A-Za-z0-9 !"#%&'()*+,\-./:;<=>?]/g;

/** The receipt text of SMPP v3.4 Appendix B, as SMSCs send it in a deliver_sm's short_message. */
export function formatReceipt(r: ReceiptInput): string {
  const three = (n: number): string => String(n).padStart(3, '0').slice(-3);
  const delivered = r.stat === 'DELIVRD' ? 1 : 0;
  const text = r.text
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 20)
    .replace(SAFE, '?');
  return (
    `id:${r.messageId} sub:001 dlvrd:${three(delivered)} submit date:${receiptDate(r.submitted)} ` +
    `done date:${receiptDate(r.done)} stat:${r.stat} err:${three(r.err)} text:${text}`
  );
}

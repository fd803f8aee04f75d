/** GSM 03.38 default alphabet: the character at index n is septet n (0x1B is the escape, not a character). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The default alphabet's extension table, reached with 0x1B: each of these costs two septets. */
const GSM_EXTENSION: Readonly<Record<string, number>> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};

const GSM_SEPTET: ReadonlyMap<string, number> = new Map(
  [...GSM_BASIC].flatMap((char, septet) => (septet === 0x1b ? [] : [[char, septet] as const])),
);

/** data_coding values (SMPP v3.4 §5.2.19). */
export const DataCoding = { SMSC_DEFAULT_GSM7: 0x00, UCS2: 0x08 } as const;
export type DataCodingValue = (typeof DataCoding)[keyof typeof DataCoding];

/** What one segment holds: 160 GSM-7 septets or 140 octets of UCS-2 (70 UTF-16 units). */
export const SINGLE_SEGMENT_SEPTETS = 160;
export const SINGLE_SEGMENT_OCTETS = 140;

export interface EncodedSms {
  dataCoding: DataCodingValue;
  /** The text's bytes: GSM-7 unpacked (one septet per octet, as SMPP carries it) or UCS-2 big-endian. */
  bytes: Buffer;
  /** True when it fits one short_message; otherwise it goes in the message_payload TLV. */
  singleSegment: boolean;
}

/** True when every character is in the GSM 03.38 default alphabet (basic table or its extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM_SEPTET.has(char) && GSM_EXTENSION[char] === undefined) return false;
  }
  return true;
}

/** GSM-7, unpacked; extension characters as 0x1B + their septet. Callers check {@link isGsm7} first. */
export function encodeGsm7(text: string): Buffer {
  const septets: number[] = [];
  for (const char of text) {
    const basic = GSM_SEPTET.get(char);
    if (basic !== undefined) septets.push(basic);
    else septets.push(0x1b, GSM_EXTENSION[char] ?? 0x3f);
  }
  return Buffer.from(septets);
}

/** UCS-2 big-endian (characters outside the BMP travel as UTF-16 surrogate pairs, as handsets expect). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/**
 * The encoding for a text: GSM-7 (data_coding 0) when it fits the GSM 03.38 default alphabet, else UCS-2
 * (data_coding 8); and whether it fits one segment (160 septets / 70 UCS-2 characters).
 */
export function encodeSmsText(text: string): EncodedSms {
  if (isGsm7(text)) {
    const bytes = encodeGsm7(text);
    return { dataCoding: DataCoding.SMSC_DEFAULT_GSM7, bytes, singleSegment: bytes.length <= SINGLE_SEGMENT_SEPTETS };
  }
  const bytes = encodeUcs2(text);
  return { dataCoding: DataCoding.UCS2, bytes, singleSegment: bytes.length <= SINGLE_SEGMENT_OCTETS };
}

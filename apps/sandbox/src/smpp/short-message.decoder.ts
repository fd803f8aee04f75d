/** GSM 03.38 default alphabet, one septet per octet (unpacked, as SMPP carries it). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table, reached with the escape septet 0x1B. */
const GSM_EXTENDED: Readonly<Record<number, string>> = {
  0x0a: '\f',
  0x14: '^',
  0x28: '{',
  0x29: '}',
  0x2f: '\\',
  0x3c: '[',
  0x3d: '~',
  0x3e: ']',
  0x40: '|',
  0x65: '€',
};

export function decodeGsm7(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const septet = (bytes[i] ?? 0) & 0x7f;
    if (septet === 0x1b && i + 1 < bytes.length) {
      const next = (bytes[++i] ?? 0) & 0x7f;
      text += GSM_EXTENDED[next] ?? GSM_BASIC[next] ?? ' ';
    } else {
      text += GSM_BASIC[septet] ?? ' ';
    }
  }
  return text;
}

export function decodeUcs2(bytes: Uint8Array): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return even.swap16().toString('utf16le');
}

/**
 * The text of a short message from its bytes and `data_coding`: 0 (SMSC default) and 1 (IA5, which the `smpp`
 * package also uses for its GSM encoding) as GSM 03.38, 3 as Latin-1, 8 as UCS-2 big-endian; anything else as
 * Latin-1 so a person can at least see it. Only the low nibble counts (message class bits are ignored).
 */
export function decodeShortMessage(bytes: Uint8Array, dataCoding: number): string {
  switch (dataCoding & 0x0f) {
    case 0x00:
    case 0x01:
      return decodeGsm7(bytes);
    case 0x08:
      return decodeUcs2(bytes);
    default:
      return Buffer.from(bytes).toString('latin1');
  }
}

/**
 * The text of a submit_sm as the `smpp` package hands it over: it decodes `short_message` and `message_payload`
 * itself into `{ message, udh? }` when it knows the data_coding, and leaves a Buffer when it does not.
 * message_payload wins when present (it replaces short_message for long texts).
 */
export function textOfSubmit(pdu: Readonly<Record<string, unknown>>): string {
  const dataCoding = typeof pdu.data_coding === 'number' ? pdu.data_coding : 0;
  const textOf = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) return decodeShortMessage(value, dataCoding);
    if (typeof value === 'object' && value !== null && 'message' in value) return textOf(value.message);
    return '';
  };
  const payload = textOf(pdu.message_payload);
  return payload !== '' ? payload : textOf(pdu.short_message);
}

/** A PDU's fields as plain JSON for the inbox: Buffers as hex, dates as ISO strings, methods left out. */
export function describePdu(pdu: object): Record<string, unknown> {
  const plain = (value: unknown): unknown => {
    if (Buffer.isBuffer(value)) return { hex: value.toString('hex') };
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map(plain);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
    }
    return value;
  };
  return Object.fromEntries(
    Object.entries(pdu)
      .filter(([key, value]) => typeof value !== 'function' && key !== 'command_length')
      .map(([key, value]) => [key, plain(value)]),
  );
}

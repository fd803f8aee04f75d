/**
 * Decodes a quoted-printable body (RFC 2045 §6.7) to bytes: `=XX` is a byte, `=` at the end of a line is a soft
 * line break, and whitespace a transport added at the end of a line is dropped. Malformed `=` sequences are kept.
 */
export function decodeQuotedPrintable(input: string): Buffer {
  const lines = input.split(/\r?\n/);
  const bytes: number[] = [];
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/[ \t]+$/, '');
    const soft = line.endsWith('=');
    const content = soft ? line.slice(0, -1) : line;
    for (let i = 0; i < content.length; i++) {
      const hex = content[i] === '=' ? content.slice(i + 1, i + 3) : '';
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(content.charCodeAt(i) & 0xff);
      }
    }
    if (!soft && index < lines.length - 1) bytes.push(0x0d, 0x0a);
  });
  return Buffer.from(bytes);
}

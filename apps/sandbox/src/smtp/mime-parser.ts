import { decodeQuotedPrintable } from './quoted-printable';

/**
 * A deliberately small MIME reader: enough for what mail libraries such as nodemailer send (single part or
 * nested multipart, base64 / quoted-printable / 7bit / 8bit, RFC 2047 encoded headers). Not a general parser.
 */
export interface ParsedMail {
  headers: Record<string, string>;
  subject?: string;
  from?: string;
  messageId?: string;
  text?: string;
  html?: string;
}

interface Entity {
  headers: Map<string, string>;
  /** The body as a binary string (one char per byte). */
  body: string;
}

export function parseMail(source: Buffer | string): ParsedMail {
  const entity = parseEntity(
    Buffer.isBuffer(source) ? source.toString('latin1') : Buffer.from(source, 'utf8').toString('latin1'),
  );
  const parts = leafParts(entity);
  const text = parts.find((p) => p.type === 'text/plain')?.content;
  const html = parts.find((p) => p.type === 'text/html')?.content;
  const header = (name: string): string | undefined => {
    const value = entity.headers.get(name);
    return value === undefined ? undefined : decodeEncodedWords(value);
  };
  return {
    headers: Object.fromEntries([...entity.headers].map(([name, value]) => [name, decodeEncodedWords(value)])),
    subject: header('subject'),
    from: header('from'),
    messageId: header('message-id'),
    text,
    html,
  };
}

/** Visible text of an HTML body, for when a mail has no text part. */
export const htmlToText = (html: string): string =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

function parseEntity(raw: string): Entity {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function contentType(entity: Entity): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = (entity.headers.get('content-type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function leafParts(entity: Entity): Array<{ type: string; content: string }> {
  const { type, params } = contentType(entity);
  if (type.startsWith('multipart/') && params.boundary) {
    return splitMultipart(entity.body, params.boundary).flatMap((part) => leafParts(parseEntity(part)));
  }
  if (/^attachment/i.test(entity.headers.get('content-disposition') ?? '') || !type.startsWith('text/')) return [];
  const bytes = decodeTransfer(entity.body, entity.headers.get('content-transfer-encoding'));
  return [{ type, content: decodeCharset(bytes, params.charset) }];
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith(`--${boundary}`)) {
      if (current) parts.push(current.join('\r\n'));
      if (line.startsWith(`--${boundary}--`)) return parts;
      current = [];
    } else {
      current?.push(line);
    }
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

function decodeTransfer(body: string, encoding = '7bit'): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, 'latin1');
  }
}

function decodeCharset(bytes: Buffer, charset = 'utf-8'): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** RFC 2047: `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=`; whitespace between two encoded words disappears. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_word, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, '=20'));
      return decodeCharset(bytes, charset.replace(/\*.*$/, ''));
    });
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function listFiles(root: string, accept: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(root, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) out.push(...listFiles(path, accept));
    else if (stat.isFile() && accept(path)) out.push(path);
  }
  return out;
}

/** Every (needle, file) pair where the needle's bytes occur in the file (a file gone since it was listed is skipped). */
export function findInFiles(
  files: string[],
  needles: string[],
  occursIn: (content: Buffer, needle: Buffer) => boolean = (content, needle) => content.includes(needle),
): { needle: string; file: string }[] {
  const hits: { needle: string; file: string }[] = [];
  for (const file of files) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue; // the broker deleted or rolled it since it was listed
    }
    for (const needle of needles) if (occursIn(content, Buffer.from(needle))) hits.push({ needle, file });
  }
  return hits;
}

const isAsciiAlphanumeric = (byte: number | undefined): boolean =>
  byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a));

/**
 * The needle occurs as a token of its own: no ASCII letter or digit right before or after it. A code in plain
 * text stands alone (a JSON string, a log line, a message body); its digits inside a longer number or a hex
 * digest (a millisecond timestamp ends in any eight digits) are another value.
 */
export function occursAsToken(content: Buffer, needle: Buffer): boolean {
  for (let at = content.indexOf(needle); at !== -1; at = content.indexOf(needle, at + 1)) {
    if (!isAsciiAlphanumeric(content[at - 1]) && !isAsciiAlphanumeric(content[at + needle.length])) return true;
  }
  return false;
}

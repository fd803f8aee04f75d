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
export function findInFiles(files: string[], needles: string[]): { needle: string; file: string }[] {
  const hits: { needle: string; file: string }[] = [];
  for (const file of files) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue; // the broker deleted or rolled it since it was listed
    }
    for (const needle of needles) if (content.includes(Buffer.from(needle))) hits.push({ needle, file });
  }
  return hits;
}

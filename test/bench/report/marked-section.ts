import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { REPO_ROOT } from '../system/local-system';

/**
 * Replaces the section of `file` between `<!-- name -->` and `<!-- /name -->` with `markdown`, or appends one;
 * everything outside those markers (other generated sections, notes written by hand) is kept. A relative `file`
 * is taken from the repository root.
 */
export function writeMarkedSection(file: string, name: string, markdown: string): void {
  const path = isAbsolute(file) ? file : join(REPO_ROOT, file);
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const body = `${start}\n${markdown}\n${end}`;
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const next =
    from >= 0 && to > from
      ? existing.slice(0, from) + body + existing.slice(to + end.length)
      : `${existing.trimEnd()}\n\n${body}\n`;
  writeFileSync(path, next);
}

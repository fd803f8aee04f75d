import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Replaces (or appends) one section of BENCHMARKS.md, so each benchmark keeps its latest figures. */
export function writeSection(id: string, title: string, command: string, lines: string[]): void {
  const file = join(__dirname, '..', '..', 'BENCHMARKS.md');
  const header =
    '# Benchmarks\n\nFigures from the benchmark scripts; each section names the command that produced it.\n';
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : header;
  const body = [
    `<!-- ${id} -->`,
    `## ${title}`,
    '',
    `Command: \`${command}\` — ${new Date().toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}.`,
    '',
    ...lines,
    `<!-- /${id} -->`,
  ].join('\n');
  const pattern = new RegExp(`<!-- ${id} -->[\\s\\S]*<!-- /${id} -->`);
  writeFileSync(file, pattern.test(existing) ? existing.replace(pattern, body) : `${existing.trimEnd()}\n\n${body}\n`);
  process.stdout.write(`${body}\n`);
}

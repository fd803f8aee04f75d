import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * README.md says nothing false about the repository:
 * - every relative link resolves: a file or folder of the repository, or a heading of the README for `#anchor`;
 * - every repository path it names (`apps/…`, `libs/…`, `deploy/…`, `test/…`, `docs/…`, `scripts/…`, and file names
 *   such as `BENCHMARKS.md` or `docker-compose.yml`) exists; `.local/…` is made at run time and not checked;
 * - every figure it quotes is a figure BENCHMARKS.md holds. The rule: outside code (fenced blocks and `code spans`),
 *   a number with a throughput unit (`/s` or "a second", up to two words between: `576 inserts/s`, `1.8/s`), `ms`
 *   or `s` must appear verbatim in BENCHMARKS.md. Settings and defaults are therefore written as code
 *   (`API_KEY_CACHE_MS`, `3000`), and durations of whole runs in minutes ("about 5 minutes") are not benchmark figures.
 */
const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BENCHMARKS = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');

const withoutCode = (markdown: string): string => markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string): string =>
  heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const headings = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

const relativeLinks = [...withoutCode(README).matchAll(/\]\(([^)\s]+)\)/g)]
  .map((m) => m[1]!)
  .filter((target) => !/^[a-z]+:/i.test(target));

const TOP_DIRS = ['apps', 'libs', 'deploy', 'test', 'docs', 'scripts'];
const namedPaths = [
  ...README.matchAll(new RegExp(`(?<![\\w./:<-])((?:${TOP_DIRS.join('|')})/[\\w./-]*)`, 'g')),
  ...README.matchAll(/(?<![\w./:<-])([\w-]+\.(?:md|ya?ml|json)|Dockerfile)(?![\w/-])/g),
]
  .map((m) => m[1]!.replace(/[.,]+$/, ''))
  .filter((path, i, all) => all.indexOf(path) === i);

const NUMBER = String.raw`\d[\d,.]*(?:[–-]\d[\d,.]*)?`;
const FIGURE = new RegExp(
  [
    String.raw`${NUMBER}(?: [a-z]+){0,2}(?:\/s(?![a-z])| (?:a|per) second\b)`, // throughput: 576 inserts/s, 2 a second
    String.raw`${NUMBER} ?m?s(?![\w/])`, // latency and time: 16.0 ms, 1.4 s
  ].join('|'),
  'g',
);
const figures = [...withoutCode(README).matchAll(FIGURE)].map((m) => m[0]);

describe('README.md', () => {
  it('has relative links', () => expect(relativeLinks.length).toBeGreaterThan(0));

  it.each(relativeLinks)('links to something that exists: %s', (target) => {
    if (target.startsWith('#')) expect(headings).toContain(target.slice(1));
    else expect(existsSync(join(ROOT, target.split('#')[0]!))).toBe(true);
  });

  it('names repository paths', () => expect(namedPaths.length).toBeGreaterThan(10));

  it.each(namedPaths)('names a path that exists: %s', (path) => {
    expect(existsSync(join(ROOT, path.replace(/\*.*$/, '')))).toBe(true);
  });

  it.each(figures.length ? figures : ['(none)'])('quotes a figure BENCHMARKS.md holds: %s', (figure) => {
    if (figure === '(none)') return;
    expect(BENCHMARKS).toContain(figure);
  });
});

describe('the README figure rule', () => {
  const found = (text: string) => [...withoutCode(text).matchAll(FIGURE)].map((m) => m[0]);

  it('finds throughput, millisecond and second figures in prose, not in code', () => {
    expect(found('about 820–1,080 single inserts/s, 1.8/s, 2 verifications a second, 250–370 ms, 16 ms, 3 s')).toEqual([
      '820–1,080 single inserts/s',
      '1.8/s',
      '2 verifications a second',
      '250–370 ms',
      '16 ms',
      '3 s',
    ]);
    expect(
      found('within `3 s`, `API_KEY_CACHE_MS` (`3000`), about 5 minutes, 24 h, 16 KiB\n```\n+0.44 s\n```'),
    ).toEqual([]);
  });
});

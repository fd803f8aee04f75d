import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The build's version: `TESSERA_VERSION` if set (an image tag), else the root package.json's version. */
export function tesseraVersion(): string {
  if (cached) return cached;
  cached = process.env.TESSERA_VERSION ?? packageVersion() ?? 'unknown';
  return cached;
}

function packageVersion(): string | undefined {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'tessera') return pkg.version;
  }
  return undefined;
}

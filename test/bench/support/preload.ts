import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';

/**
 * Transpiles one of the benchmark's TypeScript preloads into plain JS under `outDir`, so an app can load it with
 * NODE_OPTIONS=--require without ts-node (which would change the app's memory and start-up).
 */
export function compilePreload(source: string, outDir: string): string {
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = join(outDir, basename(source).replace(/\.ts$/, '.js'));
  writeFileSync(file, outputText);
  return file;
}

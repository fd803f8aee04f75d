import { join } from 'node:path';
import { REPO_ROOT, TEST_LOG_DIR } from '@tessera/testing';
import { listFiles } from './find-in-files';

/** Where the shared Kafka and FerretDB keep their data: $TESSERA_HOME (a worktree points it at the main checkout). */
const home = process.env.TESSERA_HOME ?? join(REPO_ROOT, '.local');

/** FerretDB's files, Kafka's log segments and the service logs of the end-to-end run (the sandbox's apart). */
export function scannedFiles(): { files: string[]; sandboxLogs: string[] } {
  const files = [
    ...listFiles(join(home, 'ferretdb')),
    // a segment's .index and .timeindex hold offsets and times only (and are preallocated, mostly zeros)
    ...listFiles(join(home, 'kafka', 'data'), (path) => !/\.(time)?index$/.test(path)),
    ...listFiles(TEST_LOG_DIR, (path) => !path.endsWith('sandbox.log')),
  ];
  return { files, sandboxLogs: listFiles(TEST_LOG_DIR, (path) => path.endsWith('sandbox.log')) };
}

/** Proof that the scan covers the three places: a broker segment, a FerretDB file and the otp-service's log. */
export function coversEveryPlace(files: string[]): boolean {
  return (
    files.some((f) => f.includes(join('kafka', 'data')) && f.endsWith('.log')) &&
    files.some((f) => f.includes('ferretdb')) &&
    files.some((f) => f.endsWith('otp-service.log'))
  );
}

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEN_CODES_FILE } from '../support/system';
import { findInFiles, listFiles, occursAsToken } from './find-in-files';
import { coversEveryPlace, scannedFiles } from './scanned-files';

/**
 * Runs after the end-to-end suites: no code they created may appear in plain text in FerretDB's files,
 * Kafka's log segments or any service log. The sandbox's log is left out on purpose: the sandbox plays the
 * person's phone and inbox, where the code is meant to arrive.
 */
describe('codes never rest in plain text', () => {
  it('finds a planted code (the scan can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    writeFileSync(
      join(dir, 'segment.log'),
      Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('{"code":"48151623"}')]),
    );
    writeFileSync(join(dir, 'service.log'), 'your code is 12345678.\n');
    expect(findInFiles(listFiles(dir), ['48151623', '12345678', '87654321'], occursAsToken)).toEqual([
      { needle: '48151623', file: join(dir, 'segment.log') },
      { needle: '12345678', file: join(dir, 'service.log') },
    ]);
  });

  it("does not take a code's digits inside a longer number or a digest for the code", () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    writeFileSync(join(dir, 'otp.sqlite'), '{"at":1796241803635,"hash":"af41803635e0","id":"vf_4180363512"}');
    expect(findInFiles(listFiles(dir), ['41803635'])).toEqual([{ needle: '41803635', file: join(dir, 'otp.sqlite') }]);
    expect(findInFiles(listFiles(dir), ['41803635'], occursAsToken)).toEqual([]);
  });

  it('finds none of the codes the end-to-end suites saw in the database, the broker or the service logs', () => {
    expect(existsSync(SEEN_CODES_FILE)).toBe(true);
    const codes = [...new Set(readFileSync(SEEN_CODES_FILE, 'utf8').split('\n').filter(Boolean))];
    expect(codes.length).toBeGreaterThanOrEqual(3);
    const { files } = scannedFiles();
    expect(coversEveryPlace(files)).toBe(true);
    expect(findInFiles(files, codes, occursAsToken)).toEqual([]);
  });
});

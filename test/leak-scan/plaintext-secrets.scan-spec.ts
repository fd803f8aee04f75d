import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@tessera/testing';
import { SEEN_SECRETS_FILE } from '../support/system';
import { findInFiles, listFiles } from './find-in-files';
import { coversEveryPlace, scannedFiles } from './scanned-files';
import { secretForms } from './secret-forms';

interface Secret {
  label: string;
  value: string;
}

/** What the end-to-end suites recorded (test/support rememberSecret), and the local system's own secrets. */
function recordedSecrets(): Secret[] {
  const lines = readFileSync(SEEN_SECRETS_FILE, 'utf8').split('\n').filter(Boolean);
  const secrets = lines.map((line) => {
    const [label, value] = line.split('\t');
    return { label, value };
  });
  const localEnv = join(process.env.TESSERA_HOME ?? join(REPO_ROOT, '.local'), 'secrets.env');
  if (existsSync(localEnv)) {
    for (const line of readFileSync(localEnv, 'utf8').split('\n')) {
      const [name, ...rest] = line.split('=');
      const value = rest.join('=').trim();
      if (name && !name.startsWith('#') && value.length >= 16) secrets.push({ label: `secrets.env ${name}`, value });
    }
  }
  return secrets.flatMap(({ label, value }) =>
    value.split(',').map((part) => ({ label, value: part.replace(/^[A-Za-z0-9_-]{1,16}:/, '') })),
  );
}

/** Where a provider's credential is meant to go: the sandbox plays the provider (its log may show them). */
const PROVIDER_CREDENTIAL = /^(SANDBOX_|secrets\.env SANDBOX_)/;

/**
 * Runs after the end-to-end suites: no secret they created or were given (API keys, tenants' bus secrets, the
 * admin token, the gateway's bus secret, code and seal keys, provider tokens) appears in FerretDB's files, in
 * Kafka's log segments or in a service log, in plain text or re-encoded (secret-forms.ts).
 */
describe('secrets never rest in plain text', () => {
  it('finds a planted secret among the recorded ones, also re-encoded (the scan can fail)', () => {
    const secrets = recordedSecrets();
    const busSecret = secrets.find((s) => s.label === 'bus secret')!;
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    const hex = Buffer.from(busSecret.value, 'base64url').toString('hex');
    writeFileSync(join(dir, 'service.log'), `{"msg":"configured","secret":"${hex}"}\n`);
    const needles = secrets.flatMap((s) => secretForms(s.value));
    expect(findInFiles(listFiles(dir), needles)).toEqual([{ needle: hex, file: join(dir, 'service.log') }]);
  });

  it('has recorded every kind of secret the suites use', () => {
    const labels = new Set(recordedSecrets().map((s) => s.label));
    for (const label of [
      'api key',
      'bus secret',
      'ADMIN_TOKEN',
      'GATEWAY_BUS_SECRET',
      'OTP_CODE_HMAC_SECRET',
      'OTP_SEAL_KEYS',
      'SANDBOX_TWILIO_AUTH_TOKEN',
      'SANDBOX_WHATSAPP_TOKEN',
      'SANDBOX_WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
    ]) {
      expect(labels).toContain(label);
    }
  });

  it('finds none of them in the database, the broker or the service logs', () => {
    const secrets = recordedSecrets();
    const { files, sandboxLogs } = scannedFiles();
    expect(coversEveryPlace(files)).toBe(true);
    const everywhere = secrets.flatMap((s) => secretForms(s.value).map((needle) => ({ ...s, needle })));
    const notForProvider = everywhere.filter((s) => !PROVIDER_CREDENTIAL.test(s.label));
    const hits = [
      ...findInFiles(
        files,
        everywhere.map((s) => s.needle),
      ),
      ...findInFiles(
        sandboxLogs,
        notForProvider.map((s) => s.needle),
      ),
    ].map((hit) => ({ secret: everywhere.find((s) => s.needle === hit.needle)!.label, file: hit.file }));
    expect(hits).toEqual([]);
  });
});

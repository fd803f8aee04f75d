import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CodeSealer } from '@tessera/crypto';
import { sealKeyFrom } from '@tessera/testing';
import { E2E_PORTS, SEEN_CODES_FILE, loadState, rememberSecret, type SystemState } from './system';

export const GATEWAY = `http://127.0.0.1:${E2E_PORTS.gateway}`;
export const SANDBOX = `http://127.0.0.1:${E2E_PORTS.sandbox}`;

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function http<T = any>(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; base?: string } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${options.base ?? GATEWAY}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export interface TestTenant {
  id: string;
  apiKey: string;
  keyId: string;
  busSecret: string;
}

let tenantCounter = 0;

/** Creates a tenant through the admin API, with a policy tuned for fast tests. */
export async function createTenant(state: SystemState, policy: Record<string, unknown> = {}): Promise<TestTenant> {
  const id = `t${state.runId}-${++tenantCounter}-${randomBytes(3).toString('hex')}`;
  const answer = await http('POST', '/admin/tenants', {
    headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
    body: { id, name: `Test ${id}`, policy: { resendCooldownsSeconds: [0], ...policy } },
  });
  if (answer.status !== 201) throw new Error(`tenant creation failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  rememberSecret('api key', answer.body.apiKey.key);
  rememberSecret('bus secret', answer.body.busSecret);
  return { id, apiKey: answer.body.apiKey.key, keyId: answer.body.apiKey.id, busSecret: answer.body.busSecret };
}

/** Opens the code sealed in an OtpRequested envelope with the test run's key, and notes it for the leak scan. */
export function openSealedCode(
  envelope: { verificationId: string; payload: { sealedCode: any } },
  state = loadState(),
): string {
  const sealer = new CodeSealer(
    new Map([[state.secrets.OTP_SEAL_ACTIVE_KID, sealKeyFrom(state.secrets)]]),
    state.secrets.OTP_SEAL_ACTIVE_KID,
  );
  const code = sealer.open(envelope.payload.sealedCode, envelope.verificationId);
  rememberCode(code);
  return code;
}

/** Codes of 8+ digits are scanned for after the suite (shorter ones collide with digits in any binary file). */
export function rememberCode(code: string): void {
  if (code.length >= 8) appendFileSync(SEEN_CODES_FILE, `${code}\n`);
}

/** A valid mobile number whose last four digits pick the sandbox's fate (see apps/sandbox/README.md). */
export function phoneNumber(fate = '0001'): string {
  for (;;) {
    const candidate = `+4479${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}${fate}`;
    if (parsePhoneNumberFromString(candidate)?.isValid()) return candidate;
  }
}

export function emailAddress(prefix = 'user'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}@example.com`;
}

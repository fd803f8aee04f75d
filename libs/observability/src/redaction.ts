/** Log paths whose values are replaced before a line is written: codes, secrets, credentials, destinations. */
export const REDACTED_LOG_PATHS = [
  'code',
  '*.code',
  '*.*.code',
  'sealedCode',
  '*.sealedCode',
  '*.*.sealedCode',
  'to',
  '*.to',
  '*.*.to',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'busSecret',
  '*.busSecret',
  'apiKey',
  '*.apiKey',
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-twilio-signature"]',
  'req.headers.cookie',
];

/** `+4477*****123`, `al***@example.com`: enough to correlate, not enough to contact. */
export function maskDestination(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) {
    const local = to.slice(0, at);
    return `${local.slice(0, Math.min(2, local.length - 1))}***${to.slice(at)}`;
  }
  if (to.length <= 6) return '*'.repeat(to.length);
  return `${to.slice(0, 5)}${'*'.repeat(Math.max(0, to.length - 8))}${to.slice(-3)}`;
}

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

/**
 * `+4477*****123`, `al***@example.com`: enough to correlate, not enough to contact. Cut by code points, so that
 * a character outside the BMP is kept or masked whole, never split into a lone surrogate (which
 * `encodeURIComponent` refuses).
 */
export function maskDestination(to: string): string {
  const chars = Array.from(to);
  const at = chars.indexOf('@');
  if (at > 0) return `${chars.slice(0, Math.min(2, at - 1)).join('')}***${chars.slice(at).join('')}`;
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return `${chars.slice(0, 5).join('')}${'*'.repeat(Math.max(0, chars.length - 8))}${chars.slice(-3).join('')}`;
}

/** A path segment that is a destination: an E.164-like number or an email address (Twilio's fetch by `To`). */
const DESTINATION_SEGMENT = /^\+?\d{6,15}$|@/;

/** A request URL with the destinations in its path masked, for request logs (`/v2/…/Verifications/+4479*****456`). */
export function maskUrlDestinations(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const masked = path
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return segment;
      }
      return DESTINATION_SEGMENT.test(decoded) ? encodeURIComponent(maskDestination(decoded)) : segment;
    })
    .join('/');
  return q < 0 ? masked : masked + url.slice(q);
}

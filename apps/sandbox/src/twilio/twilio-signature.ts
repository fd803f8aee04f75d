import { createHmac } from 'node:crypto';

/**
 * Twilio's request signature (`X-Twilio-Signature`): take the full URL the request is posted to, append each
 * POST parameter's name and value with the names sorted (case-sensitive), HMAC-SHA1 it keyed by the auth token,
 * and base64 the digest. See https://www.twilio.com/docs/usage/security#validating-requests.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

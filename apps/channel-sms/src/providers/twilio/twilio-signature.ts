import { createHmac } from 'node:crypto';
import { sameSecret } from '@tessera/crypto';

/** Form fields of a callback; a name sent more than once carries every value. */
export type TwilioCallbackParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * Twilio's request signature (`X-Twilio-Signature`): the full callback URL as Twilio was given it, then each
 * POST parameter's name and value with the names sorted (case-sensitive; a repeated name once per value, values
 * sorted), HMAC-SHA1 keyed by the auth token, base64.
 * See https://www.twilio.com/docs/usage/webhooks/webhooks-security.
 */
export function twilioSignature(authToken: string, url: string, params: TwilioCallbackParams): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => {
      const value = params[name] ?? '';
      const values = typeof value === 'string' ? [value] : [...value].sort();
      return acc + values.map((v) => name + v).join('');
    }, url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * True when `signature` is the one Twilio computes for this callback URL and these parameters (constant-time
 * compare). A URL fragment (`#rc=3&rp=5xx`: Twilio's connection overrides) is never sent; whether a signer
 * includes it differs (the sandbox signs the URL as given), so both forms are accepted.
 */
export function isValidTwilioSignature(
  authToken: string,
  url: string,
  params: TwilioCallbackParams,
  signature: string,
): boolean {
  const withoutFragment = url.split('#')[0] ?? url;
  const urls = withoutFragment === url ? [url] : [url, withoutFragment];
  return urls.some((candidate) => sameSecret(signature, twilioSignature(authToken, candidate, params)));
}

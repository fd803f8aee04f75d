import { deliveryRefFields, deliveryRefFrom, type DeliveryRef } from '@tessera/channel-kit';

/**
 * The StatusCallback URL of one message: the configured one with the delivery's ref added to its query (before a
 * `#` fragment, where Twilio's connection overrides live), so a callback names its attempt without a lookup.
 * Twilio signs the URL it was given, query included, so the ref is as authentic as the callback's signature.
 */
export function statusCallbackUrlFor(configured: string, ref: DeliveryRef): string {
  const hashAt = configured.indexOf('#');
  const base = hashAt === -1 ? configured : configured.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : configured.slice(hashAt);
  const query = new URLSearchParams(deliveryRefFields(ref)).toString();
  return `${base}${base.includes('?') ? '&' : '?'}${query}${fragment}`;
}

/**
 * The URL Twilio signed for a callback that arrived with `receivedQuery` (the raw query string, without `?`): the
 * configured public URL (scheme, host and path as Twilio knows them, not as seen behind a proxy) with the query as
 * received, which already holds the configured query and the ref.
 */
export function signedCallbackUrl(configured: string, receivedQuery: string): string {
  const hashAt = configured.indexOf('#');
  const withoutFragment = hashAt === -1 ? configured : configured.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : configured.slice(hashAt);
  const queryAt = withoutFragment.indexOf('?');
  const path = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  return `${path}${receivedQuery ? `?${receivedQuery}` : ''}${fragment}`;
}

/** The ref a (signature-checked) callback's query carries, or null for a message sent without one. */
export function deliveryRefOfQuery(receivedQuery: string): DeliveryRef | null {
  const params = new URLSearchParams(receivedQuery);
  return deliveryRefFrom({
    tnt: params.get('tnt') ?? undefined,
    vid: params.get('vid') ?? undefined,
    att: params.get('att') ?? undefined,
    req: params.get('req') ?? undefined,
    tp: params.get('tp') ?? undefined,
  });
}

import { request } from 'undici';
import { RetryableProviderError, UnconfirmedSendError } from './provider-errors';

/** What a provider's API said, whatever its status; `json` is null when the body is not JSON. */
export interface ProviderAnswer {
  answered: true;
  status: number;
  /** The Retry-After header, if any. */
  retryAfter: string | null;
  json: unknown;
}

/**
 * No answer. Whether the provider may have the request decides whether a retry is safe:
 * - `timed_out`: none came within the time allowed (it may have the request);
 * - `connection_lost`: the connection broke once it was open (it may have taken the request and died, or closed
 *   the connection, before answering);
 * - `not_connected`: no connection was made (refused, no route, no address): the request never left.
 */
export interface ProviderUnreachable {
  answered: false;
  failure: 'timed_out' | 'connection_lost' | 'not_connected';
  /** The network error's code (ECONNREFUSED, UND_ERR_SOCKET, …) or message. */
  reason: string;
}

/** Errors of the connection's setup, before any byte of the request could be written. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * POSTs a request to a provider's API over undici's pooled keep-alive connections. Its `request` does the exchange
 * for a fraction of the CPU of `fetch` (no WHATWG Request, Response and streams around it), which was a fifth of
 * channel-sms's busy time under load. `timeoutMs` bounds the whole exchange, the body included.
 */
export async function postToProvider(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<ProviderAnswer | ProviderUnreachable> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(url, { method: 'POST', headers, body, signal });
    const text = await response.body.text();
    const retryAfter = response.headers['retry-after'];
    return {
      answered: true,
      status: response.statusCode,
      retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null,
      json: parseJson(text),
    };
  } catch (error) {
    if (signal.aborted) return { answered: false, failure: 'timed_out', reason: `no answer within ${timeoutMs} ms` };
    const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
    const reason = typeof code === 'string' ? code : (error as Error).message;
    const notConnected = syscall === 'connect' || syscall === 'getaddrinfo' || NOT_CONNECTED.has(reason);
    return { answered: false, failure: notConnected ? 'not_connected' : 'connection_lost', reason };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The provider error for a request that got no answer. Only a connection never made is retried: after a timeout,
 * or a connection lost once open (the provider may have taken the message and not answered), a retry could send
 * it twice, so the send is left unconfirmed. `scrub` takes the code and the phone number out of the message.
 */
export function unansweredSendError(
  failure: ProviderUnreachable,
  vendor: { name: string; timeoutMs: number; timeoutCode: string; networkCode: string },
  scrub: (text: string) => string = (text) => text,
): RetryableProviderError | UnconfirmedSendError {
  switch (failure.failure) {
    case 'timed_out':
      return new UnconfirmedSendError(
        `${vendor.name} did not answer within ${vendor.timeoutMs} ms`,
        vendor.timeoutCode,
      );
    case 'connection_lost':
      return new UnconfirmedSendError(
        scrub(`connection to ${vendor.name} lost before it answered: ${failure.reason}`),
        vendor.networkCode,
      );
    case 'not_connected':
      return new RetryableProviderError(scrub(`${vendor.name} unreachable: ${failure.reason}`), vendor.networkCode);
  }
}

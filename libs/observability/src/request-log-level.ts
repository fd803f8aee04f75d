import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelWithSilent } from 'pino';

const DEBUG_OR_FINER: ReadonlySet<string> = new Set(['debug', 'trace']);

/**
 * The level of an HTTP request's log line: a request that failed is `error` (5xx, or an error thrown) or `info`
 * (4xx); one that succeeded is `debug`, and not even built unless the service logs at `debug` or finer. At 100
 * verifications a second a line per successful request was a tenth of the gateway's CPU and of little use next to
 * the request metrics; `LOG_LEVEL=debug` brings them back.
 */
export function requestLogLevel(
  serviceLevel: string,
): (req: IncomingMessage, res: ServerResponse, error?: Error) => LevelWithSilent {
  const success: LevelWithSilent = DEBUG_OR_FINER.has(serviceLevel) ? 'debug' : 'silent';
  return (_req, res, error) => {
    if (error || res.statusCode >= 500) return 'error';
    if (res.statusCode >= 400) return 'info';
    return success;
  };
}

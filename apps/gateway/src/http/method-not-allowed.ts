import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCodes } from '@tessera/contracts';

const SERVED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods each documented path serves (GET brings HEAD, as Fastify serves HEAD for every GET route). */
export function allowedMethods(paths: Record<string, Record<string, unknown>>): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(paths)) {
    const methods = Object.keys(operations).map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    allowed.set(
      path,
      SERVED.filter((m) => methods.includes(m)),
    );
  }
  return allowed;
}

/** What a request path's documented path allows, or null for a path the document does not have. */
export function methodsFor(
  allowed: Map<string, string[]>,
): (url: string) => { path: string; methods: string[] } | null {
  const patterns = [...allowed].map(([path, methods]) => ({
    path,
    methods,
    regex: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}/?$`),
  }));
  return (url) => {
    const pathname = url.split('?')[0];
    return patterns.find((p) => p.regex.test(pathname)) ?? null;
  };
}

/**
 * Answers a method a documented path does not serve (PUT, TRACE, QUERY, …) with 405 and an `Allow` header
 * (RFC 9110) instead of Fastify's 404, which would say the path does not exist. A request hook, before any
 * body parsing and before authentication: no API key is needed to learn which methods a path serves.
 */
export function answerUnknownMethods(
  app: NestFastifyApplication,
  paths: Record<string, Record<string, unknown>>,
): void {
  const lookup = methodsFor(allowedMethods(paths));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      const documented = lookup(request.url);
      if (!documented || documented.methods.includes(request.method)) return;
      const code = ErrorCodes.methodNotAllowed;
      const allow = documented.methods.join(', ');
      return reply
        .status(405)
        .header('Allow', allow)
        .header('Content-Type', 'application/problem+json')
        .send({
          type: `https://tessera.dev/problems/${code}`,
          title: code,
          status: 405,
          code,
          detail: `${request.method} is not served here; use ${allow}`,
          instance: request.url,
        });
    });
}

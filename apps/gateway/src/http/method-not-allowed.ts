import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCodes } from '@tessera/contracts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods each documented path serves (GET brings HEAD, as Fastify serves HEAD for every GET route). */
export function allowedMethods(paths: Record<string, Record<string, unknown>>): Map<string, string[]> {
  const allowed = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(paths)) {
    const methods = Object.keys(operations).map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    allowed.set(
      path,
      METHODS.filter((m) => methods.includes(m)),
    );
  }
  return allowed;
}

/**
 * Answers a method a documented path does not serve with 405 and an `Allow` header (RFC 9110), instead of
 * Fastify's 404 that says the path does not exist. Registered outside Nest: no API key is needed to learn it.
 */
export function answerUnknownMethods(
  app: NestFastifyApplication,
  paths: Record<string, Record<string, unknown>>,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  for (const [path, allowed] of allowedMethods(paths)) {
    const url = path.replace(/\{(\w+)\}/g, ':$1');
    const refused = METHODS.filter((m) => !allowed.includes(m));
    if (refused.length === 0) continue;
    fastify.route({
      method: refused,
      url,
      handler: async (request, reply) => {
        const code = ErrorCodes.methodNotAllowed;
        return reply
          .status(405)
          .header('Allow', allowed.join(', '))
          .header('Content-Type', 'application/problem+json')
          .send({
            type: `https://tessera.dev/problems/${code}`,
            title: code,
            status: 405,
            code,
            detail: `${request.method} is not served here; use ${allowed.join(', ')}`,
            instance: request.url,
          });
      },
    });
  }
}

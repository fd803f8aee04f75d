import type { FastifyRequest } from 'fastify';

/**
 * Closes the caller's connection without answering, as a provider that crashed after taking the request would.
 * The promise never settles: there is no answer to give.
 */
export function hangUp(request: FastifyRequest): Promise<never> {
  request.raw.socket.destroy();
  return new Promise<never>(() => undefined);
}

import type { FastifyInstance } from 'fastify';

/**
 * Once the app starts closing, every answer carries `Connection: close`. Node's `server.close()` ends the
 * keep-alive connections idle at that moment, and Fastify answers requests arriving after it with 503 and a
 * close; a connection busy with a request when the close began would otherwise stay open after its answer, idle,
 * until the client reused or dropped it (Fastify keeps idle connections 72 s), holding the shutdown that long.
 */
export function closeConnectionsOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

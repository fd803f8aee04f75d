import type { FastifyInstance } from 'fastify';
import { MessageHeaders } from '@tessera/contracts';
import { newTraceparent, parseTraceparent, runInTrace, type MetricsRegistry } from '@tessera/observability';

/**
 * Every HTTP request runs in its W3C trace: the caller's `traceparent` if valid, else a new one, written back into
 * the request's headers (so controllers forward it on the bus) and answered in the `traceparent` response header.
 * Registered before any other hook, so the whole request (Nest middleware, guards, handler, logs) runs inside it.
 */
export function traceHttpRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const incoming = request.headers[MessageHeaders.traceparent];
    const traceparent =
      parseTraceparent(typeof incoming === 'string' ? incoming : null)?.traceparent ?? newTraceparent();
    request.headers[MessageHeaders.traceparent] = traceparent;
    void reply.header(MessageHeaders.traceparent, traceparent);
    runInTrace(traceparent, done);
  });
}

/** Counts and times every answered request by route template (`/v1/verifications/:id`), never by raw URL. */
export function measureHttpRequests(fastify: FastifyInstance, metrics: MetricsRegistry): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    metrics.httpSeconds.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}

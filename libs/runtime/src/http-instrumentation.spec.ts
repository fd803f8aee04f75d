import Fastify from 'fastify';
import { MetricsRegistry, currentTraceparent } from '@tessera/observability';
import { measureHttpRequests, traceHttpRequests } from './http-instrumentation';

async function server() {
  const fastify = Fastify();
  const metrics = new MetricsRegistry({ service: 'gateway', version: '1.2.3' });
  traceHttpRequests(fastify);
  measureHttpRequests(fastify, metrics);
  fastify.get('/v1/things/:id', async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return { traceparent: currentTraceparent() };
  });
  await fastify.ready();
  return { fastify, metrics };
}

describe('HTTP instrumentation', () => {
  it("runs the handler in the caller's trace and answers it in the traceparent header", async () => {
    const { fastify } = await server();
    const traceparent = `00-${'a1'.repeat(16)}-${'b2'.repeat(8)}-01`;
    const answer = await fastify.inject({ url: '/v1/things/42', headers: { traceparent } });
    expect(answer.json()).toEqual({ traceparent });
    expect(answer.headers.traceparent).toBe(traceparent);
  });

  it('starts a new trace when the caller sent none or an invalid one', async () => {
    const { fastify } = await server();
    for (const headers of [{}, { traceparent: `00-${'0'.repeat(32)}-${'b2'.repeat(8)}-01` }, { traceparent: 'junk' }]) {
      const answer = await fastify.inject({ url: '/v1/things/42', headers });
      expect(answer.json().traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(answer.json().traceparent).not.toContain('0'.repeat(32));
      expect(answer.headers.traceparent).toBe(answer.json().traceparent);
    }
  });

  it('counts and times requests by route template and status, never by raw URL, with service and version', async () => {
    const { fastify, metrics } = await server();
    await fastify.inject({ url: '/v1/things/1' });
    await fastify.inject({ url: '/v1/things/2' });
    await fastify.inject({ url: '/nowhere/3' });
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'tessera_http_requests_total{method="GET",route="/v1/things/:id",status="200",service="gateway",version="1.2.3"} 2',
    );
    expect(text).toContain('tessera_http_requests_total{method="GET",route="unmatched",status="404"');
    expect(text).toMatch(/tessera_http_request_duration_seconds_count\{.*method="GET",route="\/v1\/things\/:id"\} 2/);
    expect(text).not.toMatch(/things\/1|nowhere\/3/);
  });
});

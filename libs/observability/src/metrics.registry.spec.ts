import type * as PerfHooks from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { MetricsRegistry } from './metrics.registry';

// the module object prom-client reads the monitor from (an ES namespace import cannot be spied on)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const perfHooks = require('node:perf_hooks') as typeof PerfHooks;

describe('MetricsRegistry', () => {
  afterEach(() => jest.restoreAllMocks());

  it('samples the event-loop delay once a second, so an idle app is rarely woken (CPU at rest, issue 11)', async () => {
    const monitor = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    const metrics = new MetricsRegistry({ service: 'spec', version: '0' });

    expect(monitor).toHaveBeenCalledTimes(1);
    expect(monitor.mock.calls[0]?.[0]).toEqual({ resolution: 1000 });
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain('tessera_nodejs_eventloop_lag_p99_seconds');
    monitor.mock.results[0]?.value?.disable();
  });

  it("exposes V8's heap limit, so that a dashboard can show how near an app is to it", async () => {
    const metrics = new MetricsRegistry({ service: 'spec', version: '0' });
    const limit = await metrics.registry.getSingleMetricAsString('tessera_nodejs_heap_limit_bytes');
    expect(limit).toContain(
      `tessera_nodejs_heap_limit_bytes{service="spec",version="0"} ${getHeapStatistics().heap_size_limit}`,
    );
  });
});

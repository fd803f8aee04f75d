import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';
import { ReadinessRegistry } from './readiness.registry';

/** A probe that has not answered in this long counts as down for the scrape (the scrape must not hang). */
const PROBE_TIMEOUT_MS = 2000;
/** Probes run at most this often whatever the scrape interval; a scrape in between reads the last results. */
const PROBE_INTERVAL_MS = 5000;

/**
 * `tessera_readiness_up{probe}`: what /health/ready would answer, probe by probe (1 up, 0 down), read at scrape
 * time from the probes the libraries registered (at most every PROBE_INTERVAL_MS), so Prometheus sees readiness
 * without scraping a JSON endpoint.
 */
@Injectable()
export class ReadinessMetric implements OnModuleInit {
  private last: { at: number; results: Promise<ProbeResult[]> } | null = null;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.metrics.labelledGauge(
      'tessera_readiness_up',
      'Readiness of each dependency as /health/ready checks it (1 up, 0 down)',
      ['probe'],
      async (gauge) => {
        gauge.reset();
        for (const result of await this.results()) {
          for (const [probe, state] of Object.entries(result)) gauge.set({ probe }, state.status === 'up' ? 1 : 0);
        }
      },
    );
  }

  private results(): Promise<ProbeResult[]> {
    if (!this.last || Date.now() - this.last.at >= PROBE_INTERVAL_MS) {
      this.last = {
        at: Date.now(),
        results: Promise.all(this.readiness.all().map((probe) => withTimeout(probe.check()))),
      };
    }
    return this.last.results;
  }
}

type ProbeResult = Record<string, { status: string }>;

async function withTimeout(check: Promise<ProbeResult>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ probe_timeout: { status: 'down' } }), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.catch(() => ({ probe_error: { status: 'down' } })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@tessera/observability';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/** What an SRE watches of verifications: how they end, how checks go, and how long each step takes. */
@Injectable()
export class VerificationMetrics {
  readonly ended;
  readonly checks;
  readonly issued;
  readonly toDelivered;
  readonly toVerified;
  readonly fallbacks;

  constructor(metrics: MetricsRegistry) {
    this.issued = metrics.counter('tessera_verifications_issued_total', 'Verifications started, by first channel', [
      'channel',
    ]);
    this.ended = metrics.counter('tessera_verifications_ended_total', 'Verifications by terminal status', ['status']);
    this.checks = metrics.counter('tessera_checks_total', 'Code checks by result (approved, incorrect, refused)', [
      'result',
    ]);
    this.fallbacks = metrics.counter('tessera_fallbacks_total', 'Plan steps moved on, by the channel that gave up', [
      'from',
    ]);
    this.toDelivered = metrics.histogram(
      'tessera_request_to_delivered_seconds',
      'From the verification request to the provider reporting delivered, by channel and provider',
      ['channel', 'provider'],
      LATENCY_BUCKETS,
    );
    this.toVerified = metrics.histogram(
      'tessera_request_to_verified_seconds',
      'From the verification request to its approval, by channel',
      ['channel'],
      LATENCY_BUCKETS,
    );
  }
}

import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@tessera/observability';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/**
 * What an SRE watches of verifications, by tenant and channel (bounded: tenants are configured, channels fixed):
 * how many start, how checks go, how they end, where fallback moves them, and how long each step takes.
 */
@Injectable()
export class VerificationMetrics {
  readonly ended;
  readonly checks;
  readonly issued;
  readonly toSent;
  readonly toDelivered;
  readonly toVerified;
  readonly fallbacks;

  constructor(metrics: MetricsRegistry) {
    this.issued = metrics.counter(
      'tessera_verifications_issued_total',
      'Verifications started, by tenant and first channel',
      ['tenant', 'channel'],
    );
    this.ended = metrics.counter(
      'tessera_verifications_ended_total',
      'Verifications ended, by tenant, channel in use and terminal status (approved, canceled, expired, max_attempts_reached, failed)',
      ['tenant', 'channel', 'status'],
    );
    this.checks = metrics.counter(
      'tessera_checks_total',
      'Code checks by tenant, channel in use and result (approved, incorrect, refused)',
      ['tenant', 'channel', 'result'],
    );
    this.fallbacks = metrics.counter(
      'tessera_fallbacks_total',
      'Plan steps moved on, from the channel that gave up to the next one (none: the plan ran out)',
      ['from', 'to'],
    );
    this.toSent = metrics.histogram(
      'tessera_request_to_sent_seconds',
      'From the verification request to the provider accepting the message, by channel and provider',
      ['channel', 'provider'],
      LATENCY_BUCKETS,
    );
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

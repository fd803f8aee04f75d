import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { type Channel, decide, digitsOf, type FateDecision } from './fates';

/** Remembers how often each `flaky` destination has failed, per provider, so the third send succeeds. */
@Injectable()
export class FateBook {
  private readonly flakyFailures = new Map<string, number>();

  constructor(@Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'slowDelayMs'>) {}

  /** Decides one send to `destination` through `provider` (the counter is per provider and destination). */
  decide(channel: Channel, provider: string, destination: string): FateDecision {
    const key = `${provider}:${channel === 'email' ? destination.trim().toLowerCase() : digitsOf(destination)}`;
    const failures = this.flakyFailures.get(key) ?? 0;
    const decision = decide(channel, destination, failures, this.config.slowDelayMs);
    if (decision.fate === 'flaky') {
      if (decision.verdict === 'error') this.flakyFailures.set(key, failures + 1);
      else this.flakyFailures.delete(key);
    }
    return decision;
  }

  /** Forgets every counter (the next send to a flaky destination fails again). */
  reset(): void {
    this.flakyFailures.clear();
  }
}

import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Envelope, OtpRequestedPayload } from '@tessera/contracts';
import { BusPublisher, sleep } from '@tessera/messaging';
import { deliveryTryHeaders, type DeliveryTry } from './delivery-try';

interface Pending {
  notBefore: number;
  republish: () => Promise<void>;
  timer?: NodeJS.Timeout;
}

const REPUBLISH_TRIES = 5;

/**
 * Schedules the next try of a delivery without holding the Kafka handler: an in-process timer republishes the
 * same OtpRequested (same envelope, so the same key and partition) with the try number and its not-before time in
 * headers, and the handler of that copy sends it. A crash while a retry waits here loses that retry (the
 * otp-service's step timeout then falls back to the next channel); a graceful shutdown republishes every waiting
 * retry at once, and whoever consumes it waits out its not-before time.
 */
@Injectable()
export class RetryScheduler implements BeforeApplicationShutdown {
  private readonly log = new Logger(RetryScheduler.name);
  private readonly pending = new Set<Pending>();
  private isClosing = false;

  constructor(private readonly publisher: BusPublisher) {}

  /** Republishes `event` on `topic` as try `next.number` once `next.notBefore` has come. */
  schedule(topic: string, event: Envelope<OtpRequestedPayload>, next: DeliveryTry): void {
    const republish = () => this.republish(topic, event, next);
    if (this.isClosing) {
      void republish();
      return;
    }
    const entry: Pending = { notBefore: next.notBefore, republish };
    this.pending.add(entry);
    this.arm(entry);
  }

  get waiting(): number {
    return this.pending.size;
  }

  /** True once the app shuts down: a retry scheduled now is handed back to the bus at once. */
  get closing(): boolean {
    return this.isClosing;
  }

  /** Hands every waiting retry back to the bus now (the producer is still connected at this stage). */
  async beforeApplicationShutdown(): Promise<void> {
    this.isClosing = true;
    const waiting = [...this.pending];
    this.pending.clear();
    for (const entry of waiting) clearTimeout(entry.timer);
    await Promise.all(waiting.map((entry) => entry.republish()));
  }

  /**
   * A timer runs on the event loop's cached clock and may fire a millisecond before the wall-clock time it was set
   * for; a copy republished early would only be held again by its consumer, so an early timer is set again.
   */
  private arm(entry: Pending): void {
    entry.timer = setTimeout(
      () => {
        if (Date.now() < entry.notBefore) return this.arm(entry);
        this.pending.delete(entry);
        void entry.republish();
      },
      Math.max(0, entry.notBefore - Date.now()),
    );
  }

  private async republish(topic: string, event: Envelope<OtpRequestedPayload>, next: DeliveryTry): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.publisher.publish(topic, event, deliveryTryHeaders(next));
        return;
      } catch (error) {
        if (attempt >= REPUBLISH_TRIES) {
          this.log.error(
            `try ${next.number} of ${event.verificationId} attempt ${event.payload.attempt} lost (the step timeout ` +
              `falls back): ${(error as Error).message}`,
          );
          return;
        }
        await sleep(200 * 2 ** attempt);
      }
    }
  }
}

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import type { DeliveryStatus } from '../fates/fates';
import type { CallbackEntry } from '../inbox/inbox-message';
import { InboxStore } from '../inbox/inbox.store';
import { sleep } from '../common/sleep';

/** Tells the sender about one status; answers how that went, or null when there was nobody to tell. */
export type StatusNotifier = (status: DeliveryStatus) => Promise<Omit<CallbackEntry, 'status' | 'at'> | null>;

/**
 * Plays an accepted message's lifecycle: waits the callback delay, records the status in the inbox,
 * notifies the sender, and only then moves to the next status (so callbacks arrive in order).
 */
@Injectable()
export class DeliveryScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryScheduler.name);
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'callbackDelayMs'>,
    private readonly inbox: InboxStore,
  ) {}

  play(messageId: string, lifecycle: DeliveryStatus[], notify: StatusNotifier): void {
    void this.run(messageId, lifecycle, notify).catch((error: unknown) =>
      this.logger.error(`status lifecycle of ${messageId} stopped: ${String(error)}`),
    );
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async run(messageId: string, lifecycle: DeliveryStatus[], notify: StatusNotifier): Promise<void> {
    for (const status of lifecycle) {
      if (!(await sleep(this.config.callbackDelayMs, this.shutdown.signal))) return;
      this.inbox.addStatus(messageId, status);
      const result = await notify(status);
      if (result) this.inbox.addCallback(messageId, { status, ...result });
    }
  }
}

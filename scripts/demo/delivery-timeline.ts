import type { DeliveryView, HistoryEntry, VerificationView } from './verification-view';

/** Where a status comes in one attempt's life; the record's own times can tie (WhatsApp reports whole seconds). */
const LIFECYCLE_RANK: Readonly<Record<string, number>> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

const clock = (epochMs: number): string => new Date(epochMs).toISOString().slice(11, 23);

/**
 * Prints each delivery status of a verification once, as the demo sees it appear (so the times are when it was
 * seen, within one poll): the WhatsApp attempt failing with its error code, the fallback to SMS, the SMS sent and
 * delivered. Statuses seen together are printed attempt by attempt, in lifecycle order.
 */
export class DeliveryTimeline {
  private readonly printed = new Set<string>();

  constructor(
    private readonly print: (line: string) => void,
    /** When the request was sent (epoch ms): the times are also shown relative to it. */
    private readonly requestedAt: number,
    private readonly now: () => number = Date.now,
  ) {}

  show(view: VerificationView): void {
    const seenAt = this.now();
    const fresh = view.deliveries
      .flatMap((delivery) => delivery.history.map((entry) => ({ delivery, entry })))
      .filter(({ delivery, entry }) => !this.printed.has(this.keyOf(delivery, entry)))
      .sort(
        (a, b) =>
          a.delivery.attempt - b.delivery.attempt ||
          (LIFECYCLE_RANK[a.entry.status] ?? 9) - (LIFECYCLE_RANK[b.entry.status] ?? 9),
      );
    const after = ((seenAt - this.requestedAt) / 1000).toFixed(2);
    for (const { delivery, entry } of fresh) {
      this.printed.add(this.keyOf(delivery, entry));
      const what = `${delivery.channel} ${entry.status}`.padEnd(18);
      this.print(`  ${clock(seenAt)}  +${after} s  ${what} ${this.detail(view, delivery, entry)}`.trimEnd());
    }
  }

  private keyOf(delivery: DeliveryView, entry: HistoryEntry): string {
    return `${delivery.attempt}:${entry.status}`;
  }

  private detail(view: VerificationView, delivery: DeliveryView, entry: HistoryEntry): string {
    const previous = view.deliveries.find((d) => d.attempt === delivery.attempt - 1);
    if (entry.status === 'queued' && previous) {
      const why = previous.errorCode ? ` with ${previous.errorCode}` : '';
      return `fallback: ${previous.channel} failed${why}, the same code goes by ${delivery.channel}`;
    }
    if (entry.status === 'failed') return `error ${entry.errorCode ?? '(none given)'} from ${delivery.provider}`;
    if (entry.status === 'sent') {
      return `${delivery.provider} accepted it${delivery.providerMessageId ? ` as ${delivery.providerMessageId}` : ''}`;
    }
    return '';
  }
}

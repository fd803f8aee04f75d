import type { JsonHttpClient } from '../bench/support/json-http-client';

/** What the suite keeps of each message the sandbox received. */
export interface InboxRecord {
  id: string;
  channel: string;
  to: string;
  verificationId: string | null;
  /** The delivery attempt the sender tagged it with (Twilio's StatusCallback query, Meta's callback data). */
  attempt: number | null;
  outcome: string;
  code: string | null;
  receivedAt: string;
}

interface SandboxMessage {
  id: string;
  channel: string;
  provider: string;
  to: string;
  verificationId: string | null;
  outcome: string;
  code: string | null;
  receivedAt: string;
  raw: Record<string, unknown> | null;
}

/** The `att` of the delivery ref a channel put on the provider's wire (libs/channel-kit delivery-ref.ts). */
function attemptOf(message: SandboxMessage): number | null {
  const raw = message.raw ?? {};
  let att: unknown = null;
  if (message.provider === 'twilio' && typeof raw.StatusCallback === 'string' && URL.canParse(raw.StatusCallback)) {
    att = new URL(raw.StatusCallback).searchParams.get('att');
  } else if (message.provider === 'meta' && typeof raw.biz_opaque_callback_data === 'string') {
    try {
      att = (JSON.parse(raw.biz_opaque_callback_data) as { att?: unknown }).att;
    } catch {
      att = null;
    }
  }
  const n = Number(att);
  return att !== null && Number.isInteger(n) ? n : null;
}

/**
 * The sandbox keeps its inbox in memory, and one fault kills it: the suite copies every message it received,
 * polling the inbox (and once more right before the sandbox is killed), so the duplicate check covers the run.
 */
export class InboxRecords {
  private readonly byId = new Map<string, InboxRecord>();
  private since = Date.now() - 1000;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(
    private readonly sandbox: JsonHttpClient,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.poll();
  }

  get records(): InboxRecord[] {
    return [...this.byId.values()];
  }

  forVerification(id: string): InboxRecord[] {
    return this.records.filter((r) => r.verificationId === id);
  }

  /** One poll now (joins a poll in progress); a sandbox that does not answer costs nothing. */
  poll(): Promise<void> {
    this.polling ??= this.fetch().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async fetch(): Promise<void> {
    // the inbox is answered newest first and `since` is inclusive: overlap by a second, dedupe by id
    const from = this.since - 1000;
    const answer = await this.sandbox
      .get<{ messages: SandboxMessage[] }>(`/api/messages?since=${from}`, 5000)
      .catch(() => null);
    if (!answer || answer.status !== 200) return;
    for (const m of answer.body.messages) {
      this.since = Math.max(this.since, Date.parse(m.receivedAt));
      if (this.byId.has(m.id)) continue;
      this.byId.set(m.id, {
        id: m.id,
        channel: m.channel,
        to: m.to,
        verificationId: m.verificationId,
        attempt: attemptOf(m),
        outcome: m.outcome,
        code: m.code,
        receivedAt: m.receivedAt,
      });
    }
  }
}

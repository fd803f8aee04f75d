import { SANDBOX, emailAddress, http, phoneNumber, rememberCode, type TestTenant } from './api';

type Flow = () => Promise<unknown>;

const TICK_MS = 250;
const MAX_IN_FLIGHT = 24;

/**
 * A short, steady load on the end-to-end system that exercises every path an operator watches: SMS and email
 * verifications checked with the right code (one wrong code first, now and then), WhatsApp falling back to SMS
 * (`…0013`), WhatsApp refusing a recipient (`…0008`), and now and then a WhatsApp provider that is down (`…0007`,
 * retried, then dead-lettered). `refuseSms(true)` adds SMS to refused recipients: the fault a test drives an
 * alert with. Failures of single flows are counted, not thrown: this is background traffic.
 */
export class SystemLoad {
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<unknown>>();
  private tick = 0;
  private refusing = false;
  readonly errors: string[] = [];

  constructor(private readonly tenant: TestTenant) {}

  start(): void {
    this.timer = setInterval(() => this.next(), TICK_MS);
  }

  refuseSms(on: boolean): void {
    this.refusing = on;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  private next(): void {
    const flows: Flow[] = [() => this.checked('sms', phoneNumber('0001'), this.tick % 8 === 0)];
    if (this.tick % 2 === 0) flows.push(() => this.checked(['whatsapp', 'sms'], phoneNumber('0013'), false));
    if (this.tick % 4 === 1) flows.push(() => this.checked('email', emailAddress('load'), false));
    if (this.tick % 4 === 3) flows.push(() => this.started(['whatsapp'], phoneNumber('0008')));
    if (this.tick % 40 === 5) flows.push(() => this.started(['whatsapp'], phoneNumber('0007')));
    this.tick++;
    // the fault is never held back by the cap: its flows are one request each
    if (this.refusing) this.run(() => this.started(['sms'], phoneNumber('0008')));
    for (const flow of flows) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) return;
      this.run(flow);
    }
  }

  private run(flow: Flow): void {
    const run = flow()
      .catch((error: Error) => void this.errors.push(error.message))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** What was started and what went wrong, for a failing test's output. */
  summary(): string {
    return `${this.tick} ticks, ${this.inFlight.size} flows in flight, ${this.errors.length} failed: ${this.errors.slice(0, 3).join('; ')}`;
  }

  private async started(channels: string[], to: string): Promise<string> {
    const created = await http('POST', '/v1/verifications', { key: this.tenant.apiKey, body: { to, channels } });
    if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  }

  /** Starts a verification, reads its code from the sandbox like a person, and checks it. */
  private async checked(channels: string | string[], to: string, wrongFirst: boolean): Promise<void> {
    const since = Date.now() - 1000;
    const plan = Array.isArray(channels) ? channels : [channels];
    const id = await this.started(plan, to);
    const channel = plan[plan.length - 1]!;
    const query = `to=${encodeURIComponent(to)}&channel=${channel}&since=${since}&timeoutMs=20000`;
    const message = await http('GET', `/api/messages/wait?${query}`, { base: SANDBOX });
    if (message.status !== 200 || !message.body?.code) throw new Error(`no ${channel} code for ${id}`);
    const code = String(message.body.code);
    rememberCode(code);
    if (wrongFirst) {
      const wrong = code === '000000' ? '111111' : '000000';
      await http('POST', `/v1/verifications/${id}/check`, { key: this.tenant.apiKey, body: { code: wrong } });
    }
    const checked = await http('POST', `/v1/verifications/${id}/check`, { key: this.tenant.apiKey, body: { code } });
    if (checked.body?.status !== 'approved') throw new Error(`check of ${id}: ${JSON.stringify(checked.body)}`);
  }
}

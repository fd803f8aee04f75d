import type { NewInboxMessage } from './inbox-message';
import { InboxStore } from './inbox.store';

const message = (overrides: Partial<NewInboxMessage> = {}): NewInboxMessage => ({
  channel: 'sms',
  provider: 'twilio',
  to: '+15550000001',
  text: 'Your code is 482913',
  providerMessageId: 'SM1',
  fate: 'deliver',
  outcome: 'accepted',
  raw: {},
  ...overrides,
});

describe('InboxStore', () => {
  it('fills id, code, the first status and the time', () => {
    const stored = new InboxStore({ inboxLimit: 10 }).add(message());
    expect(stored).toMatchObject({ code: '482913', statuses: [{ status: 'accepted' }], callbacks: [] });
    expect(stored.id).toEqual(expect.any(String));
    expect(Date.parse(stored.receivedAt)).not.toBeNaN();
  });

  it('takes the code from the code source first (template parameters)', () => {
    const stored = new InboxStore({ inboxLimit: 10 }).add(message({ text: 'order 2024 ready', codeSource: '5521' }));
    expect(stored.code).toBe('5521');
  });

  it('has no code when there is no run of 4 to 10 digits', () => {
    expect(new InboxStore({ inboxLimit: 10 }).add(message({ text: 'call 123 or 12345678901' })).code).toBeNull();
  });

  it('lists newest first and filters by channel, destination digits and time', () => {
    const inbox = new InboxStore({ inboxLimit: 10 });
    const first = inbox.add(message({ to: '+1 555 000 0001' }));
    inbox.add(message({ channel: 'email', provider: 'smtp', to: 'Ada@Example.test' }));
    const third = inbox.add(message({ to: '15550000001' }));
    expect(inbox.list().map((m) => m.id)[0]).toBe(third.id);
    expect(inbox.list({ to: '+15550000001' }).map((m) => m.id)).toEqual([third.id, first.id]);
    expect(inbox.list({ to: 'ada@example.TEST' })).toHaveLength(1);
    expect(inbox.list({ channel: 'email' })).toHaveLength(1);
    expect(inbox.list({ since: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(0);
    expect(inbox.list({ since: String(Date.parse(first.receivedAt)) })).toHaveLength(3);
  });

  it('keeps only the newest messages beyond its limit', () => {
    const inbox = new InboxStore({ inboxLimit: 2 });
    ['1111', '2222', '3333'].forEach((code) => inbox.add(message({ text: code })));
    expect(inbox.list().map((m) => m.code)).toEqual(['3333', '2222']);
  });

  it('records statuses and callbacks on a message', () => {
    const inbox = new InboxStore({ inboxLimit: 10 });
    const stored = inbox.add(message());
    inbox.addStatus(stored.id, 'sent');
    inbox.addCallback(stored.id, { status: 'sent', target: 'http://x', attempts: 1, responseStatus: 200, ok: true });
    expect(inbox.get(stored.id)?.statuses.map((s) => s.status)).toEqual(['accepted', 'sent']);
    expect(inbox.get(stored.id)?.callbacks).toMatchObject([{ status: 'sent', ok: true }]);
  });

  it('notes the verification the sender tagged a message with', () => {
    const inbox = new InboxStore({ inboxLimit: 10 });
    const tagged = inbox.add(
      message({
        channel: 'whatsapp',
        provider: 'meta',
        raw: { biz_opaque_callback_data: JSON.stringify({ verificationId: 'vf_1' }) },
      }),
    );
    expect(tagged.verificationId).toBe('vf_1');
    expect(inbox.add(message()).verificationId).toBeNull();
  });

  it("gives a failed status the provider's error code, and no other status", () => {
    const inbox = new InboxStore({ inboxLimit: 10 });
    const whatsapp = inbox.add(message({ channel: 'whatsapp', provider: 'meta' }));
    inbox.addStatus(whatsapp.id, 'failed');
    const sms = inbox.add(message());
    inbox.addStatus(sms.id, 'sent');
    inbox.addStatus(sms.id, 'failed');
    expect(inbox.get(whatsapp.id)?.statuses).toMatchObject([
      { status: 'accepted' },
      { status: 'failed', errorCode: '131026' },
    ]);
    expect(inbox.get(sms.id)?.statuses.map((s) => s.errorCode)).toEqual([undefined, undefined, '30003']);
  });

  it('resolves waitFor when a matching message arrives or changes', async () => {
    const inbox = new InboxStore({ inboxLimit: 10 });
    const stored = inbox.add(message());
    const delivered = inbox.waitFor((m) => m.statuses.some((s) => s.status === 'delivered'));
    inbox.addStatus(stored.id, 'delivered');
    await expect(delivered).resolves.toMatchObject({ id: stored.id });
  });

  it('rejects waitFor after its timeout', async () => {
    await expect(new InboxStore({ inboxLimit: 10 }).waitFor(() => false, 1)).rejects.toThrow('no matching message');
  });

  it('empties on clear', () => {
    const inbox = new InboxStore({ inboxLimit: 10 });
    inbox.add(message());
    inbox.clear();
    expect(inbox.list()).toEqual([]);
  });
});

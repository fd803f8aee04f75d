import type { FastifyReply } from 'fastify';
import type { NewInboxMessage } from './inbox-message';
import { InboxWaitHttpController } from './inbox-wait.http.controller';
import { InboxStore } from './inbox.store';

const message = (to: string, text = 'Your code is 482913', channel: 'sms' | 'email' = 'sms'): NewInboxMessage => ({
  channel,
  provider: channel === 'sms' ? 'twilio' : 'smtp',
  to,
  text,
  providerMessageId: 'SM1',
  fate: 'deliver',
  outcome: 'accepted',
  raw: {},
});

describe('InboxWaitHttpController', () => {
  let inbox: InboxStore;
  let controller: InboxWaitHttpController;
  let reply: { status: jest.Mock };

  beforeEach(() => {
    inbox = new InboxStore({ inboxLimit: 10 });
    controller = new InboxWaitHttpController(inbox, { inboxLimit: 10 });
    reply = { status: jest.fn() };
  });
  afterEach(() => controller.onModuleDestroy());

  const wait = (query: Record<string, string>) => controller.wait(query, reply as unknown as FastifyReply);

  it('answers a waiting request with the first message to its destination, not one to another', async () => {
    const answer = wait({ to: '+44 7500 001234', timeoutMs: '30000' });
    inbox.add(message('+447500009999', 'Your code is 111111'));
    const arrived = inbox.add(message('447500001234', 'Your code is 222222'));
    await expect(answer).resolves.toMatchObject({ id: arrived.id, code: '222222' });
  });

  it('answers at once with the newest message already in that arrived at or after `since`', async () => {
    const older = inbox.add(message('+447500001234', 'Your code is 111111'));
    const newer = inbox.add(message('+447500001234', 'Your code is 222222'));
    await expect(wait({ to: '+447500001234' })).resolves.toMatchObject({ id: newer.id });
    await expect(wait({ to: '+447500001234', since: older.receivedAt })).resolves.toMatchObject({ id: newer.id });
  });

  it('waits past a message received before `since` and one on another channel', async () => {
    jest.useFakeTimers({ now: Date.parse('2030-01-01T00:00:00Z') });
    try {
      inbox.add(message('ada@example.test', 'Your code is 111111', 'email'));
      const answer = wait({ to: 'ada@example.test', channel: 'email', since: '2030-01-01T00:00:01Z' });
      jest.setSystemTime(Date.parse('2030-01-01T00:00:02Z'));
      inbox.add(message('ada@example.test', 'Your code is 333333', 'sms'));
      const email = inbox.add(message('Ada@Example.test', 'Your code is 444444', 'email'));
      await expect(answer).resolves.toMatchObject({ id: email.id });
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not answer from a message the inbox no longer holds', async () => {
    inbox.add(message('+447500001234'));
    inbox.clear();
    await expect(wait({ to: '+447500001234', timeoutMs: '0' })).resolves.toBeUndefined();
    expect(reply.status).toHaveBeenCalledWith(204);
  });

  it('answers 204 when nothing arrives within timeoutMs', async () => {
    await expect(wait({ to: '+447500001234', timeoutMs: '1' })).resolves.toBeUndefined();
    expect(reply.status).toHaveBeenCalledWith(204);
  });

  it('refuses a query without a destination or with a bad time', async () => {
    await expect(wait({})).rejects.toMatchObject({ status: 400 });
    await expect(wait({ to: '+447500001234', since: 'yesterday' })).rejects.toMatchObject({ status: 400 });
    await expect(wait({ to: '+447500001234', timeoutMs: '600000' })).rejects.toMatchObject({ status: 400 });
  });

  it('releases open waits on shutdown', async () => {
    const answer = wait({ to: '+447500001234', timeoutMs: '60000' });
    controller.onModuleDestroy();
    await expect(answer).resolves.toBeUndefined();
  });
});

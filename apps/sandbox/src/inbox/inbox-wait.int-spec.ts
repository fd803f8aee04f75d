import type { InboxMessage } from './inbox-message';
import { type RunningSandbox, startSandbox } from '../sandbox';

const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'wait-test-twilio-token';

describe('GET /api/messages/wait (sandbox over HTTP)', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      host: '127.0.0.1',
      httpPort: 0,
      smtpPort: 0,
      smppPort: 0,
      callbackDelayMs: 10,
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      logger: false,
    });
  });
  afterAll(() => sandbox?.close());

  const sendSms = (to: string, body: string): Promise<Response> =>
    fetch(`${sandbox.httpUrl}/twilio/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: to, From: '+15005550006', Body: body }).toString(),
    });

  it('answers an open wait with the SMS a provider call delivers to that number', async () => {
    const since = Date.now();
    const waiting = fetch(`${sandbox.httpUrl}/api/messages/wait?to=%2B447500004321&since=${since}&timeoutMs=20000`);
    // whether the wait is open before the send or starts after it, it must answer with this message
    expect((await sendSms('+447500004321', 'Your code is 731902')).status).toBe(201);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect((await answer.json()) as InboxMessage).toMatchObject({ to: '+447500004321', code: '731902' });
  });

  it('is not taken for a message id by GET /api/messages/:id, and answers 204 on timeout', async () => {
    const answer = await fetch(`${sandbox.httpUrl}/api/messages/wait?to=%2B447500009876&timeoutMs=1`);
    expect(answer.status).toBe(204);
  });
});

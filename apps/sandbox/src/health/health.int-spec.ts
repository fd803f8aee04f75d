import { type RunningSandbox, startSandbox } from '../sandbox';

describe('the sandbox health endpoints over HTTP', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ httpPort: 0, smtpPort: 0, smppPort: 0, logger: false });
  });
  afterAll(() => sandbox.close());

  it.each(['/health', '/health/live', '/health/ready'])('answers %s with 200 once started', async (path) => {
    const answer = await fetch(`${sandbox.httpUrl}${path}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
  });
});

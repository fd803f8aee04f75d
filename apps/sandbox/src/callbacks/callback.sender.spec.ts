import { Logger } from '@nestjs/common';
import { CallbackSender } from './callback.sender';

describe('CallbackSender', () => {
  const request = { url: 'http://127.0.0.1:9/cb', headers: { 'content-type': 'text/plain' }, body: 'exact bytes' };
  const answers = (...statuses: Array<number | Error>): jest.SpyInstance => {
    const spy = jest.spyOn(global, 'fetch');
    for (const status of statuses) {
      if (status instanceof Error) spy.mockRejectedValueOnce(status);
      else spy.mockResolvedValueOnce(new Response(null, { status }));
    }
    return spy;
  };
  const sender = (): CallbackSender => new CallbackSender({ attempts: 3, backoffMs: 0, timeoutMs: 1000 });

  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.restoreAllMocks());

  it('posts the body as given, once, when the receiver answers 2xx', async () => {
    const fetch = answers(204);
    await expect(sender().post(request)).resolves.toEqual({ attempts: 1, responseStatus: 204, ok: true });
    expect(fetch).toHaveBeenCalledWith(
      request.url,
      expect.objectContaining({ method: 'POST', body: 'exact bytes', headers: request.headers, redirect: 'manual' }),
    );
  });

  it('retries 5xx answers and unreachable receivers', async () => {
    const fetch = answers(503, new TypeError('fetch failed'), 200);
    await expect(sender().post(request)).resolves.toEqual({ attempts: 3, responseStatus: 200, ok: true });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('does not retry a 4xx: the receiver refused the callback', async () => {
    const fetch = answers(403);
    await expect(sender().post(request)).resolves.toEqual({ attempts: 1, responseStatus: 403, ok: false });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('gives up after the bounded number of attempts', async () => {
    const fetch = answers(500, 500, 500, 200);
    await expect(sender().post(request)).resolves.toEqual({ attempts: 3, responseStatus: 500, ok: false });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('stops trying once the app shuts down', async () => {
    const callbacks = sender();
    callbacks.onApplicationShutdown();
    const fetch = answers(200);
    await expect(callbacks.post(request)).resolves.toMatchObject({ attempts: 0, ok: false });
    expect(fetch).not.toHaveBeenCalled();
  });
});

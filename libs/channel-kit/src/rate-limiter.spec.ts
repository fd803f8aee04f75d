import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('lets a burst through, then holds the next send until a token is earned', async () => {
    const limiter = new RateLimiter(80);
    const granted: number[] = [];
    for (let i = 0; i < 81; i++) void limiter.acquire().then(() => granted.push(i));
    await jest.advanceTimersByTimeAsync(0);
    expect(granted).toHaveLength(80);
    await jest.advanceTimersByTimeAsync(5);
    expect(granted).toHaveLength(80);
    await jest.advanceTimersByTimeAsync(20);
    expect(granted).toHaveLength(81);
  });
});

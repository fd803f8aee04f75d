// kafkajs's request queue has no types of its own: it is reached below the package's public surface
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
};

/**
 * patches/kafkajs+2.2.4.patch: every Kafka connection checks its in-flight requests for timeouts once a second,
 * not every 100 ms, so an idle app is woken far less often (CPU at rest, issue 11).
 */
describe('the kafkajs request-timeout check (patched)', () => {
  afterEach(() => jest.restoreAllMocks());

  const queueWith = (requestTimeout: number) =>
    new RequestQueue({
      maxInFlightRequests: null,
      requestTimeout,
      enforceRequestTimeout: true,
      clientId: 'spec',
      broker: 'localhost:9092',
      logger: { debug: () => undefined, warn: () => undefined, error: () => undefined, info: () => undefined },
    });

  it.each([
    [30000, 1000],
    [400, 400],
  ])('with a request timeout of %i ms, runs every %i ms', (requestTimeout, period) => {
    const setInterval = jest.spyOn(global, 'setInterval');
    const queue = queueWith(requestTimeout);
    queue.scheduleRequestTimeoutCheck();
    queue.destroy();
    expect(setInterval).toHaveBeenCalledTimes(1);
    expect(setInterval.mock.calls[0]?.[1]).toBe(period);
  });
});

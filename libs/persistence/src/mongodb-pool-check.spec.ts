// the pool has no types of its own outside the driver: it is reached below the package's public surface
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ConnectionPool } = require('mongodb/lib/cmap/connection_pool') as {
  ConnectionPool: new (server: object, options: object) => { options: { minPoolSizeCheckFrequencyMS: number } };
};

/**
 * patches/mongodb+6.20.0.patch: a pool with no minimum size checks for perished connections every 10 s, not
 * every 100 ms, so an idle app is woken far less often (CPU at rest, issue 11).
 */
describe('the mongodb pool minimum-size check (patched)', () => {
  const server = { topology: { client: {} }, description: {}, on: () => undefined };

  it.each([
    [0, 10000],
    [5, 100],
  ])('with minPoolSize %i, runs every %i ms', (minPoolSize, period) => {
    const pool = new ConnectionPool(server, { hostAddress: { toString: () => 'localhost:27017' }, minPoolSize });
    expect(pool.options.minPoolSizeCheckFrequencyMS).toBe(period);
  });
});

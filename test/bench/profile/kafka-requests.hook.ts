/**
 * A preload that counts the Kafka requests an app sends, by API (Produce, Fetch, OffsetCommit, …), and writes the
 * running totals to `<BENCH_KAFKA_REQUESTS_DIR>/<app>-<pid>.json` every two seconds. For experiments by hand:
 *
 *   BENCH_KAFKA_REQUESTS_DIR=/tmp/kafka-requests npm run bench -- --quick --phases=empty \
 *     --app-node-options="--require ts-node/register/transpile-only --require ./test/bench/profile/kafka-requests.hook.ts"
 *
 * then divide by the flows the run completed (its results.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ConnectionModule {
  prototype: { send(this: unknown, args: { request: { apiName: string } }): Promise<unknown> };
}

const dir = process.env.BENCH_KAFKA_REQUESTS_DIR;
if (dir) {
  const app = /apps\/([^/]+)\/src\/main\.js$/.exec(process.argv[1] ?? '')?.[1] ?? 'node';
  // kafkajs's one class through which every request of every client goes (no types: not its public API)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Connection = require('kafkajs/src/network/connection') as ConnectionModule;
  const counts: Record<string, number> = {};
  const send = Connection.prototype.send;
  Connection.prototype.send = function (args) {
    counts[args.request.apiName] = (counts[args.request.apiName] ?? 0) + 1;
    return send.call(this, args);
  };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${app}-${process.pid}.json`);
  setInterval(() => writeFileSync(file, JSON.stringify({ app, at: new Date().toISOString(), counts })), 2000).unref();
}

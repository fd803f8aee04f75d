/**
 * kafkajs 2.2.4 bug (tulios/kafkajs#1556, fix proposed in #1667, not released): after a connection's first
 * response, RequestQueue.scheduleCheckPendingRequests re-arms a setTimeout with a negative delay (1 ms) even
 * when nothing is pending, so every broker connection wakes the event loop about 1,000 times a second forever
 * (~40–50 ms of CPU per second per idle client on this machine). The corrected method below only arms the
 * timer while requests wait (throttled, or too many in flight); a response or a push re-checks the queue anyway.
 * Loaded before kafkajs is used: by the benchmark itself, its raw-ceiling roles, and (BENCH_PATCH_KAFKAJS=all)
 * Tessera's apps.
 */
// resolved from the working directory: as a preload outside the repo it must patch the apps' own kafkajs
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require(
  require.resolve('kafkajs/src/network/requestQueue', { paths: [process.cwd(), __dirname] }),
);

const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface QueueState {
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  throttledUntil: number;
  pending: unknown[];
  checkPendingRequests(): void;
}

RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: QueueState) {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
};

export const kafkajsIdleFixApplied = true;

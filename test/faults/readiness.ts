import { setTimeout as sleep } from 'node:timers/promises';
import type { AppInstance } from '../bench/system/local-system';
import { JsonHttpClient } from '../bench/support/json-http-client';

export interface ReadinessFlip {
  app: string;
  pid: number;
  /** Milliseconds from `since` until /health/ready said so, or null when it did not within the bound. */
  ms: number | null;
}

async function isReady(client: JsonHttpClient): Promise<boolean | null> {
  const answer = await client.get('/health/ready', 3000).catch(() => null);
  return answer === null ? null : answer.status === 200;
}

/**
 * Polls every app's /health/ready until it answers `ready` (200) or not (503), each on its own, bounded by
 * `timeoutMs` from `since`. An app that does not answer at all counts as neither: the point is that the running
 * process reports the outage and then its end itself.
 */
export async function waitForReadiness(
  instances: AppInstance[],
  ready: boolean,
  since: number,
  timeoutMs: number,
): Promise<ReadinessFlip[]> {
  return Promise.all(
    instances.map(async (instance) => {
      const client = new JsonHttpClient(`http://127.0.0.1:${instance.port}`, {}, 2);
      try {
        while (Date.now() - since < timeoutMs) {
          if ((await isReady(client)) === ready) {
            return { app: instance.name, pid: instance.child.pid!, ms: Date.now() - since };
          }
          await sleep(200);
        }
        return { app: instance.name, pid: instance.child.pid!, ms: null };
      } finally {
        client.close();
      }
    }),
  );
}

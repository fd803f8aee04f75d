import { runFlow, type FlowTarget } from './flow';

export interface SeedResult {
  requested: number;
  stored: number;
  failed: number;
  seconds: number;
}

/**
 * Stores `count` verifications through the API as fast as the system takes them: complete flows (create, code,
 * check), `concurrency` at a time, so the store fills with approved records the way real traffic leaves it.
 * Bounded by `maxMinutes`; reports how many it stored.
 */
export async function seed(
  target: FlowTarget,
  count: number,
  concurrency: number,
  maxMinutes: number,
  log: (line: string) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const deadline = started + maxMinutes * 60_000;
  let next = 0;
  let stored = 0;
  let failed = 0;
  let reported = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && performance.now() < deadline) {
        next++;
        const result = await runFlow(target, performance.now(), 30_000, { awaitReceipt: false });
        if (result.ok) stored++;
        else failed++;
        if (stored + failed - reported >= Math.max(100, count / 20)) {
          reported = stored + failed;
          const rate = stored / ((performance.now() - started) / 1000);
          log(`seed: ${stored}/${count} stored (${failed} failed), ${rate.toFixed(1)}/s`);
        }
      }
    }),
  );
  return { requested: count, stored, failed, seconds: (performance.now() - started) / 1000 };
}

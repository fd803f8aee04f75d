import type { DemoConfig } from './demo-config';
import { DemoError, START_THE_SYSTEM } from './demo-error';

async function probe(name: string, url: string): Promise<void> {
  let status: number;
  try {
    status = (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new DemoError(`Tessera is not up: nothing answers at ${url} (the ${name}; ${cause}).`, START_THE_SYSTEM);
  }
  if (status !== 200) {
    throw new DemoError(
      `Tessera is not ready: ${url} (the ${name}) answers ${status}.`,
      '`npm run status` shows what runs (Kafka, FerretDB, each app); `npm run up` starts what is missing.',
    );
  }
}

/** Fails with the fix named unless the gateway and the sandbox both say they are ready. */
export async function checkSystemIsUp(config: Pick<DemoConfig, 'gatewayUrl' | 'sandboxUrl'>): Promise<void> {
  await probe('gateway', `${config.gatewayUrl}/health/ready`);
  await probe('sandbox', `${config.sandboxUrl}/health/ready`);
}

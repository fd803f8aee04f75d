import { demoConfigFromEnv } from './demo-config';
import { DemoError } from './demo-error';
import { runDemo } from './run-demo';

/** `npm run demo`: see run-demo.ts. Settings: TESSERA_GATEWAY_URL, TESSERA_SANDBOX_URL, ADMIN_TOKEN, TESSERA_HOME. */
async function main(): Promise<void> {
  try {
    await runDemo(demoConfigFromEnv(), (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof DemoError)) throw error;
    process.stderr.write(`demo: ${error.message}\n${error.fix}\n`);
    process.exitCode = 1;
  }
}

void main();

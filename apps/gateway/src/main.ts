import 'reflect-metadata';
import { loadConfigOrExit } from '@tessera/config';
import { startService } from '@tessera/runtime';
import { GatewayEnvSchema } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { acceptJsonBodiesOnly } from './http/json-bodies-only';
import { setupOpenApi } from './openapi/openapi.setup';
import { TWILIO_VERIFY_PREFIX, acceptTwilioFormBodies } from './twilio-verify/twilio-form-bodies';

async function main(): Promise<void> {
  const config = loadConfigOrExit('gateway', GatewayEnvSchema);
  await startService({
    name: 'gateway',
    module: GatewayModule.forRoot(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    configure: async (app) => {
      // the document first: its paths answer a method they do not serve with 405, before any body check
      await setupOpenApi(app);
      acceptJsonBodiesOnly(app, TWILIO_VERIFY_PREFIX);
      acceptTwilioFormBodies(app);
    },
  });
}

void main();

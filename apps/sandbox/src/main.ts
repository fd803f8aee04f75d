import { Logger } from '@nestjs/common';
import { loadSandboxConfig, SandboxConfigError } from './config/sandbox.config';
import { startSandbox } from './sandbox';

async function main(): Promise<void> {
  let config;
  try {
    config = loadSandboxConfig(process.env);
  } catch (error) {
    if (!(error instanceof SandboxConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = new Logger('Sandbox');
  const sandbox = await startSandbox(config);
  const { httpUrl, smtpPort, smppPort } = sandbox;
  logger.log(`inbox          ${httpUrl}/  (JSON: ${httpUrl}/api/messages)`);
  logger.log(
    `WhatsApp graph ${httpUrl}/whatsapp  (webhook: ${config.whatsapp.webhookUrl ?? 'none, SANDBOX_WHATSAPP_WEBHOOK_URL unset'})`,
  );
  logger.log(`Twilio API     ${httpUrl}/twilio  (account ${config.twilio.accountSid})`);
  logger.log(`SMPP           ${config.host}:${smppPort}  (system_id ${config.smpp.systemId})`);
  logger.log(`SMTP           ${config.host}:${smtpPort}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

import 'reflect-metadata';
import { loadConfigOrExit } from '@tessera/config';
import { Topics } from '@tessera/contracts';
import { startService } from '@tessera/runtime';
import { ChannelWhatsappEnvSchema } from './config/channel-whatsapp.config';
import { ChannelWhatsappModule } from './channel-whatsapp.module';

/** Meta's webhook payloads are at most 3 MB; a bigger limit than the default so a batch is never refused. */
const WEBHOOK_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

async function main(): Promise<void> {
  const config = loadConfigOrExit('channel-whatsapp', ChannelWhatsappEnvSchema);
  await startService({
    name: 'channel-whatsapp',
    module: ChannelWhatsappModule.forRoot(config),
    host: config.HOST,
    port: config.PORT,
    bodyLimitBytes: WEBHOOK_BODY_LIMIT_BYTES,
    bus: { groupId: config.KAFKA_GROUP_ID, topics: [Topics.otpRequestedWhatsapp], partitionsConsumedConcurrently: 6 },
  });
}

void main();

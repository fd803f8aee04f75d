import 'reflect-metadata';
import { loadConfigOrExit } from '@tessera/config';
import { Topics } from '@tessera/contracts';
import { startService } from '@tessera/runtime';
import { ChannelEmailEnvSchema } from './config/channel-email.config';
import { ChannelEmailModule } from './channel-email.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit('channel-email', ChannelEmailEnvSchema);
  await startService({
    name: 'channel-email',
    module: ChannelEmailModule.forRoot(config),
    host: config.HOST,
    port: config.PORT,
    bus: { groupId: config.KAFKA_GROUP_ID, topics: [Topics.otpRequestedEmail], partitionsConsumedConcurrently: 6 },
  });
}

void main();

import 'reflect-metadata';
import { loadConfigOrExit } from '@tessera/config';
import { Topics } from '@tessera/contracts';
import { startService } from '@tessera/runtime';
import { ChannelSmsEnvSchema } from './config/channel-sms.config';
import { ChannelSmsModule } from './channel-sms.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit('channel-sms', ChannelSmsEnvSchema);
  await startService({
    name: 'channel-sms',
    module: ChannelSmsModule.forRoot(config),
    host: config.HOST,
    port: config.PORT,
    bus: { groupId: config.KAFKA_GROUP_ID, topics: [Topics.otpRequestedSms], partitionsConsumedConcurrently: 6 },
  });
}

void main();

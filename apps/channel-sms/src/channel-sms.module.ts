import { DynamicModule, Module } from '@nestjs/common';
import { ChannelKitModule } from '@tessera/channel-kit';
import { serviceFoundation } from '@tessera/runtime';
import type { ChannelSmsEnv } from './config/channel-sms.config';
import { DeliveryKafkaController } from './delivery/delivery.kafka.controller';
import { SMS_PROVIDERS } from './providers/sms-provider.registry';

@Module({})
export class ChannelSmsModule {
  static forRoot(config: ChannelSmsEnv): DynamicModule {
    const sms = SMS_PROVIDERS[config.SMS_PROVIDER](config);
    const channelKit = ChannelKitModule.fromEnv(sms.channelProvider, sms.ratePerSecond, config);
    return {
      module: ChannelSmsModule,
      imports: [...serviceFoundation('channel-sms', config), channelKit],
      controllers: [DeliveryKafkaController, ...sms.controllers],
      providers: sms.providers,
    };
  }
}

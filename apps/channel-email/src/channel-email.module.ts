import { DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_PROVIDER, ChannelKitModule } from '@tessera/channel-kit';
import { serviceFoundation } from '@tessera/runtime';
import type { ChannelEmailEnv } from './config/channel-email.config';
import { DeliveryKafkaController } from './delivery/delivery.kafka.controller';
import { SmtpEmailProvider } from './providers/smtp/smtp-email.provider';

@Module({})
export class ChannelEmailModule {
  static forRoot(config: ChannelEmailEnv): DynamicModule {
    const channelKit = ChannelKitModule.fromEnv(
      {
        provide: CHANNEL_PROVIDER,
        useFactory: () =>
          new SmtpEmailProvider({
            host: config.SMTP_HOST,
            port: config.SMTP_PORT,
            secure: config.SMTP_SECURE,
            requireTls: config.SMTP_REQUIRE_TLS,
            rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED,
            user: config.SMTP_USER,
            password: config.SMTP_PASSWORD,
            from: config.SMTP_FROM,
          }),
      },
      config.SMTP_RATE_PER_SECOND,
      config,
    );
    return {
      module: ChannelEmailModule,
      imports: [...serviceFoundation('channel-email', config), channelKit],
      controllers: [DeliveryKafkaController],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_PROVIDER, ChannelKitModule } from '@tessera/channel-kit';
import { KafkaModule } from '@tessera/messaging';
import { ObservabilityModule, TesseraLoggerModule } from '@tessera/observability';
import { MongoModule } from '@tessera/persistence';
import type { ChannelEmailEnv } from './config/channel-email.config';
import { DeliveryKafkaController } from './delivery/delivery.kafka.controller';
import { SmtpEmailProvider } from './providers/smtp/smtp-email.provider';

@Module({})
export class ChannelEmailModule {
  static forRoot(config: ChannelEmailEnv): DynamicModule {
    const channelKit = ChannelKitModule.forRoot({
      provider: {
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
      options: {
        ratePerSecond: config.SMTP_RATE_PER_SECOND,
        sendRetry: { maxRetries: config.SEND_MAX_RETRIES, baseDelayMs: config.SEND_RETRY_BASE_MS, maxDelayMs: 10000 },
      },
      sealKeys: config.OTP_SEAL_KEYS,
      activeSealKid: config.OTP_SEAL_ACTIVE_KID,
    });
    return {
      module: ChannelEmailModule,
      imports: [
        TesseraLoggerModule.forRoot({ app: 'channel-email', level: config.LOG_LEVEL }),
        KafkaModule.forRoot({ clientId: 'channel-email', brokers: config.KAFKA_BROKERS }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        ObservabilityModule.forRoot(),
        channelKit,
      ],
      controllers: [DeliveryKafkaController],
    };
  }
}

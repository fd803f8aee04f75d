import { DynamicModule, Module } from '@nestjs/common';
import { ChannelKitModule } from '@tessera/channel-kit';
import { KafkaModule } from '@tessera/messaging';
import { ObservabilityModule, TesseraLoggerModule } from '@tessera/observability';
import { MongoModule } from '@tessera/persistence';
import type { ChannelSmsEnv } from './config/channel-sms.config';
import { DeliveryKafkaController } from './delivery/delivery.kafka.controller';
import { ReceiptRecorder } from './delivery/receipt-recorder';
import { SMS_PROVIDERS } from './providers/sms-provider.registry';

@Module({})
export class ChannelSmsModule {
  static forRoot(config: ChannelSmsEnv): DynamicModule {
    const sms = SMS_PROVIDERS[config.SMS_PROVIDER](config);
    const channelKit = ChannelKitModule.forRoot({
      provider: sms.channelProvider,
      options: {
        ratePerSecond: sms.ratePerSecond,
        sendRetry: { maxRetries: config.SEND_MAX_RETRIES, baseDelayMs: config.SEND_RETRY_BASE_MS, maxDelayMs: 10000 },
      },
      sealKeys: config.OTP_SEAL_KEYS,
      activeSealKid: config.OTP_SEAL_ACTIVE_KID,
    });
    return {
      module: ChannelSmsModule,
      imports: [
        TesseraLoggerModule.forRoot({ app: 'channel-sms', level: config.LOG_LEVEL }),
        KafkaModule.forRoot({ clientId: 'channel-sms', brokers: config.KAFKA_BROKERS }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        ObservabilityModule.forRoot(),
        channelKit,
      ],
      controllers: [DeliveryKafkaController, ...sms.controllers],
      providers: [ReceiptRecorder, ...sms.providers],
    };
  }
}

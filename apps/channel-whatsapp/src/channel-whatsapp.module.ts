import { DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_PROVIDER, ChannelKitModule } from '@tessera/channel-kit';
import { KafkaModule } from '@tessera/messaging';
import { ObservabilityModule, TesseraLoggerModule } from '@tessera/observability';
import { MongoModule } from '@tessera/persistence';
import type { ChannelWhatsappEnv } from './config/channel-whatsapp.config';
import { DeliveryKafkaController } from './delivery/delivery.kafka.controller';
import { MetaCloudWhatsappProvider } from './providers/meta-cloud/meta-cloud-whatsapp.provider';
import { WhatsappWebhookHttpController } from './webhooks/whatsapp-webhook.http.controller';
import { WHATSAPP_WEBHOOK_SETTINGS, type WhatsappWebhookSettings } from './webhooks/whatsapp-webhook.settings';

@Module({})
export class ChannelWhatsappModule {
  static forRoot(config: ChannelWhatsappEnv): DynamicModule {
    const channelKit = ChannelKitModule.forRoot({
      provider: {
        provide: CHANNEL_PROVIDER,
        useFactory: () =>
          new MetaCloudWhatsappProvider({
            graphBaseUrl: config.WHATSAPP_GRAPH_BASE_URL,
            apiVersion: config.WHATSAPP_API_VERSION,
            phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
            accessToken: config.WHATSAPP_ACCESS_TOKEN,
            timeoutMs: config.WHATSAPP_TIMEOUT_MS,
          }),
      },
      options: {
        ratePerSecond: config.WHATSAPP_RATE_PER_SECOND,
        sendRetry: { maxRetries: config.SEND_MAX_RETRIES, baseDelayMs: config.SEND_RETRY_BASE_MS, maxDelayMs: 10000 },
      },
      sealKeys: config.OTP_SEAL_KEYS,
      activeSealKid: config.OTP_SEAL_ACTIVE_KID,
    });
    const webhookSettings: WhatsappWebhookSettings = {
      appSecret: config.WHATSAPP_APP_SECRET,
      verifyToken: config.WHATSAPP_VERIFY_TOKEN,
    };
    return {
      module: ChannelWhatsappModule,
      imports: [
        TesseraLoggerModule.forRoot({ app: 'channel-whatsapp', level: config.LOG_LEVEL }),
        KafkaModule.forRoot({ clientId: 'channel-whatsapp', brokers: config.KAFKA_BROKERS }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        ObservabilityModule.forRoot(),
        channelKit,
      ],
      controllers: [DeliveryKafkaController, WhatsappWebhookHttpController],
      providers: [{ provide: WHATSAPP_WEBHOOK_SETTINGS, useValue: webhookSettings }],
    };
  }
}

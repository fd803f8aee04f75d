import { DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_PROVIDER, ChannelKitModule } from '@tessera/channel-kit';
import { serviceFoundation } from '@tessera/runtime';
import type { ChannelWhatsappEnv } from './config/channel-whatsapp.config';
import { DeliveryKafkaController } from './delivery/delivery.kafka.controller';
import { MetaCloudWhatsappProvider } from './providers/meta-cloud/meta-cloud-whatsapp.provider';
import { WhatsappWebhookHttpController } from './webhooks/whatsapp-webhook.http.controller';
import { WHATSAPP_WEBHOOK_SETTINGS, type WhatsappWebhookSettings } from './webhooks/whatsapp-webhook.settings';

@Module({})
export class ChannelWhatsappModule {
  static forRoot(config: ChannelWhatsappEnv): DynamicModule {
    const channelKit = ChannelKitModule.fromEnv(
      {
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
      config.WHATSAPP_RATE_PER_SECOND,
      config,
    );
    const webhookSettings: WhatsappWebhookSettings = {
      appSecret: config.WHATSAPP_APP_SECRET,
      verifyToken: config.WHATSAPP_VERIFY_TOKEN,
    };
    return {
      module: ChannelWhatsappModule,
      imports: [...serviceFoundation('channel-whatsapp', config), channelKit],
      controllers: [DeliveryKafkaController, WhatsappWebhookHttpController],
      providers: [{ provide: WHATSAPP_WEBHOOK_SETTINGS, useValue: webhookSettings }],
    };
  }
}

import { DynamicModule, Module, Provider } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CodeSealer } from '@tessera/crypto';
import { CHANNEL_OPTIONS, type ChannelOptions } from './channel-kit.tokens';
import { CHANNEL_PROVIDER } from './channel-provider';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { DeliverOtpUseCase } from './deliver-otp.use-case';
import { DeliveredPublisher } from './delivered-publisher';
import { DELIVERY_CLAIM_MODEL, DeliveryClaimSchema } from './delivery-claim.schema';
import { DeliveryClaimRepository } from './delivery-claim.repository';
import { DeliveryOutcomePublisher } from './delivery-outcome.publisher';
import { DeliveryRetention } from './delivery-retention';
import { PROVIDER_MESSAGE_MODEL, ProviderMessageSchema } from './provider-message.schema';
import { ProviderMessageMap } from './provider-message-map';
import { ProviderMessageRepository } from './provider-message.repository';
import { RecordReceiptUseCase } from './record-receipt.use-case';
import { RetryScheduler } from './retry-scheduler';
import { SendTryRunner } from './send-try.runner';

export interface ChannelKitOptions {
  /** A Nest provider for CHANNEL_PROVIDER, e.g. `{ provide: CHANNEL_PROVIDER, useFactory: () => new X(config) }`. */
  provider: Provider;
  options: ChannelOptions;
  sealKeys: ReadonlyMap<string, Buffer>;
  activeSealKid: string;
}

/** The shared channel settings (see ChannelEnv) a channel app passes to ChannelKitModule.fromEnv. */
export interface ChannelKitEnv {
  SEND_MAX_RETRIES: number;
  SEND_RETRY_BASE_MS: number;
  SEND_MAX_IN_FLIGHT: number;
  DELIVERY_RETENTION_HOURS: number;
  OTP_SEAL_KEYS: ReadonlyMap<string, Buffer>;
  OTP_SEAL_ACTIVE_KID: string;
}

/** The delivery and receipt use cases every channel app shares, with their collections; the app brings its provider. */
@Module({})
export class ChannelKitModule {
  static fromEnv(provider: Provider, ratePerSecond: number, env: ChannelKitEnv): DynamicModule {
    return ChannelKitModule.forRoot({
      provider,
      options: {
        ratePerSecond,
        sendRetry: { maxRetries: env.SEND_MAX_RETRIES, baseDelayMs: env.SEND_RETRY_BASE_MS, maxDelayMs: 10000 },
        maxSendsInFlight: env.SEND_MAX_IN_FLIGHT,
        retentionHours: env.DELIVERY_RETENTION_HOURS,
      },
      sealKeys: env.OTP_SEAL_KEYS,
      activeSealKid: env.OTP_SEAL_ACTIVE_KID,
    });
  }

  static forRoot(kit: ChannelKitOptions): DynamicModule {
    return {
      module: ChannelKitModule,
      imports: [
        MongooseModule.forFeature([
          { name: DELIVERY_CLAIM_MODEL, schema: DeliveryClaimSchema },
          { name: PROVIDER_MESSAGE_MODEL, schema: ProviderMessageSchema },
        ]),
      ],
      providers: [
        kit.provider,
        { provide: CHANNEL_OPTIONS, useValue: kit.options },
        { provide: CodeSealer, useValue: new CodeSealer(kit.sealKeys, kit.activeSealKid) },
        DeliveryClaimRepository,
        ProviderMessageRepository,
        ProviderMessageMap,
        DeliveredPublisher,
        DeliveryOutcomePublisher,
        DeadLetterPublisher,
        RetryScheduler,
        SendTryRunner,
        DeliverOtpUseCase,
        RecordReceiptUseCase,
        DeliveryRetention,
      ],
      exports: [DeliverOtpUseCase, RecordReceiptUseCase, CHANNEL_PROVIDER, DeliveryClaimRepository, DeliveryRetention],
    };
  }
}

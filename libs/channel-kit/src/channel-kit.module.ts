import { DynamicModule, Module, Provider } from '@nestjs/common';
import type { Db } from 'mongodb';
import { CodeSealer } from '@tessera/crypto';
import { MONGO_DB } from '@tessera/persistence';
import { CHANNEL_OPTIONS, DELIVERY_LEDGER, type ChannelOptions } from './channel-kit.tokens';
import { CHANNEL_PROVIDER } from './channel-provider';
import { DeliverOtpUseCase } from './deliver-otp.use-case';
import { DeliveredPublisher } from './delivered-publisher';
import { DeliveryLedger } from './delivery-ledger';
import { RecordReceiptUseCase } from './record-receipt.use-case';

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
  OTP_SEAL_KEYS: ReadonlyMap<string, Buffer>;
  OTP_SEAL_ACTIVE_KID: string;
}

/** The delivery use case every channel app shares; the app brings its provider. */
@Module({})
export class ChannelKitModule {
  static fromEnv(provider: Provider, ratePerSecond: number, env: ChannelKitEnv): DynamicModule {
    return ChannelKitModule.forRoot({
      provider,
      options: {
        ratePerSecond,
        sendRetry: { maxRetries: env.SEND_MAX_RETRIES, baseDelayMs: env.SEND_RETRY_BASE_MS, maxDelayMs: 10000 },
      },
      sealKeys: env.OTP_SEAL_KEYS,
      activeSealKid: env.OTP_SEAL_ACTIVE_KID,
    });
  }

  static forRoot(kit: ChannelKitOptions): DynamicModule {
    return {
      module: ChannelKitModule,
      providers: [
        kit.provider,
        { provide: CHANNEL_OPTIONS, useValue: kit.options },
        { provide: CodeSealer, useValue: new CodeSealer(kit.sealKeys, kit.activeSealKid) },
        { provide: DELIVERY_LEDGER, useFactory: (db: Db) => new DeliveryLedger(db), inject: [MONGO_DB] },
        DeliveredPublisher,
        DeliverOtpUseCase,
        RecordReceiptUseCase,
      ],
      exports: [DeliverOtpUseCase, RecordReceiptUseCase, CHANNEL_PROVIDER, DELIVERY_LEDGER],
    };
  }
}

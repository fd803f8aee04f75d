import { CHANNEL_PROVIDER } from '@tessera/channel-kit';
import { requiredSetting, type ChannelSmsEnv } from '../../config/channel-sms.config';
import { ReceiptRecorder } from '../../delivery/receipt-recorder';
import type { SmsProviderSetup } from '../sms-provider.registry';
import { SmppConnection } from './smpp-connection';
import { SmppReadinessProbe } from './smpp-readiness.probe';
import { SmppReceiptListener } from './smpp-receipt.listener';
import { SmppSmsProvider } from './smpp-sms.provider';

/**
 * SMPP: one transceiver session (SmppConnection, which Nest connects on init and unbinds on shutdown) carries
 * the submits and brings the receipts, which SmppReceiptListener records. The kit sends at most SMPP_TPS, and keeps
 * each message id's attempt (its receipts carry nothing else) in memory and in one database write per send.
 */
export function smppSetup(config: ChannelSmsEnv): SmsProviderSetup {
  const connection = new SmppConnection({
    host: requiredSetting(config, 'SMPP_HOST'),
    port: config.SMPP_PORT,
    systemId: requiredSetting(config, 'SMPP_SYSTEM_ID'),
    password: requiredSetting(config, 'SMPP_PASSWORD'),
    enquireLinkMs: config.SMPP_ENQUIRE_LINK_MS,
    bindWaitMs: config.SMPP_BIND_WAIT_MS,
    responseTimeoutMs: config.SMPP_RESPONSE_TIMEOUT_MS,
  });
  const provider = new SmppSmsProvider(connection, { sourceAddr: requiredSetting(config, 'SMPP_SOURCE_ADDR') });
  return {
    channelProvider: { provide: CHANNEL_PROVIDER, useValue: provider },
    ratePerSecond: config.SMPP_TPS,
    providers: [
      { provide: SmppConnection, useValue: connection },
      ReceiptRecorder,
      SmppReceiptListener,
      SmppReadinessProbe,
    ],
    controllers: [],
  };
}

import {
  RetryableProviderError,
  UnconfirmedSendError,
  type ChannelProvider,
  type OutboundMessage,
  type SendReceipt,
} from '@tessera/channel-kit';
import { SmppUnavailableError, type SmppConnection } from './smpp-connection';
import { encodeSmsText } from './smpp-encoding';
import { smppSubmitError } from './smpp-error-map';
import { Npi, SmppStatus, Ton } from './smpp-package';

export interface SmppSmsSettings {
  /** SMPP_SOURCE_ADDR: an E.164 number, a short code or an alphanumeric sender id. */
  sourceAddr: string;
}

export interface SmppAddress {
  addr: string;
  ton: number;
  npi: number;
}

/** registered_delivery 1: a receipt for the final outcome, success or failure. */
const RECEIPT_ON_SUCCESS_AND_FAILURE = 1;

/**
 * The TON/NPI of the sender: `+` and digits → international/ISDN (sent without the `+`); up to 8 digits →
 * a short code (network specific); other digits → international; letters → alphanumeric (NPI unknown).
 */
export function sourceAddressOf(sourceAddr: string): SmppAddress {
  if (/^\+\d+$/.test(sourceAddr)) return { addr: sourceAddr.slice(1), ton: Ton.INTERNATIONAL, npi: Npi.ISDN };
  if (/^\d{1,8}$/.test(sourceAddr)) return { addr: sourceAddr, ton: Ton.NETWORK_SPECIFIC, npi: Npi.UNKNOWN };
  if (/^\d+$/.test(sourceAddr)) return { addr: sourceAddr, ton: Ton.INTERNATIONAL, npi: Npi.ISDN };
  return { addr: sourceAddr, ton: Ton.ALPHANUMERIC, npi: Npi.UNKNOWN };
}

/** An E.164 destination as SMPP carries it: digits only, TON international, NPI ISDN. */
export function destinationAddressOf(to: string): SmppAddress {
  return { addr: to.replace(/\D/g, ''), ton: Ton.INTERNATIONAL, npi: Npi.ISDN };
}

/** SMPP relative validity period `YYMMDDhhmmss000R` for a lifetime in seconds. */
export function relativeValidityPeriod(seconds: number): string {
  let rest = Math.max(1, Math.floor(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  const ss = rest % 60;
  rest = Math.floor(rest / 60);
  const mm = rest % 60;
  rest = Math.floor(rest / 60);
  const hh = rest % 24;
  const dd = Math.min(99, Math.floor(rest / 24));
  return `0000${two(dd)}${two(hh)}${two(mm)}${two(ss)}000R`;
}

/**
 * Sends over SMPP v3.4: one submit_sm on the shared transceiver session, with a receipt requested, GSM-7 when
 * the text fits the GSM 03.38 alphabet and UCS-2 otherwise, the whole text in message_payload when it needs
 * more than one segment, and a validity period no longer than the code lives. submit_sm_resp statuses map to
 * permanent (ESME_RINVDSTADR…) or retryable (ESME_RSYSERR, ESME_RTHROTTLED…) errors; a session that is down
 * before the submit is written is retryable; one that closes or goes silent after it leaves the send unconfirmed.
 */
export class SmppSmsProvider implements ChannelProvider {
  readonly id = 'smpp';
  readonly channel = 'sms' as const;
  /** Delivery receipts carry only the SMSC's message id. */
  readonly receipts = 'by-message-id' as const;
  private readonly source: SmppAddress;

  constructor(
    private readonly connection: Pick<SmppConnection, 'submit'>,
    settings: SmppSmsSettings,
  ) {
    this.source = sourceAddressOf(settings.sourceAddr);
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    const destination = destinationAddressOf(message.to);
    const text = encodeSmsText(message.text);
    const fields: Record<string, unknown> = {
      source_addr_ton: this.source.ton,
      source_addr_npi: this.source.npi,
      source_addr: this.source.addr,
      dest_addr_ton: destination.ton,
      dest_addr_npi: destination.npi,
      destination_addr: destination.addr,
      registered_delivery: RECEIPT_ON_SUCCESS_AND_FAILURE,
      validity_period: relativeValidityPeriod(message.ttlSeconds),
      data_coding: text.dataCoding,
      ...(text.singleSegment
        ? { short_message: text.bytes }
        : { short_message: Buffer.alloc(0), message_payload: text.bytes }),
    };
    let response;
    try {
      response = await this.connection.submit(fields);
    } catch (error) {
      if (error instanceof SmppUnavailableError) {
        // written, then no answer: the SMSC may have the message, and a retry could send it twice
        if (error.reason === 'closed' || error.reason === 'timeout') {
          throw new UnconfirmedSendError(error.message, `smpp_${error.reason}`);
        }
        throw new RetryableProviderError(error.message, `smpp_${error.reason}`);
      }
      throw error;
    }
    if (response.command_status !== SmppStatus.ESME_ROK) throw smppSubmitError(response.command_status);
    // Accepted without an id (a non-conforming SMSC): it is sent, so it is not retried (that would send it twice);
    // no receipt can be matched to it, and the otp-service's step timeout decides what follows.
    const messageId = typeof response.message_id === 'string' ? response.message_id.trim() : '';
    return {
      providerMessageId: messageId || `no-id:${message.ref.verificationId}:${message.ref.attempt}`,
      status: 'sent',
    };
  }
}

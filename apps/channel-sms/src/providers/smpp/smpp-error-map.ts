import { PermanentProviderError, RetryableProviderError } from '@tessera/channel-kit';
import { SmppStatus, type SmppStatusName } from './smpp-package';

const NAME_OF_STATUS: ReadonlyMap<number, SmppStatusName> = new Map(
  (Object.entries(SmppStatus) as Array<[SmppStatusName, number]>).map(([name, status]) => [status, name]),
);

/**
 * submit_sm_resp statuses that say this message will never be accepted as sent: the destination or its
 * TON/NPI is invalid, or the SMSC refuses what we send (source address, lengths, data coding, TLVs, service).
 * Retrying the same submit cannot help, so the attempt fails at once and the otp-service falls back.
 */
const PERMANENT: ReadonlySet<number> = new Set([
  SmppStatus.ESME_RINVDSTADR,
  SmppStatus.ESME_RINVDSTTON,
  SmppStatus.ESME_RINVDSTNPI,
  SmppStatus.ESME_RINVSRCADR,
  SmppStatus.ESME_RINVSRCTON,
  SmppStatus.ESME_RINVSRCNPI,
  SmppStatus.ESME_RINVMSGLEN,
  SmppStatus.ESME_RINVESMCLASS,
  SmppStatus.ESME_RINVREGDLVFLG,
  SmppStatus.ESME_RINVSERTYP,
  SmppStatus.ESME_RINVSCHED,
  SmppStatus.ESME_RINVEXPIRY,
  SmppStatus.ESME_RINVDCS,
  SmppStatus.ESME_RINVTLVSTREAM,
  SmppStatus.ESME_RTLVNOTALLWD,
  SmppStatus.ESME_RINVTLVLEN,
  SmppStatus.ESME_RMISSINGTLV,
  SmppStatus.ESME_RINVTLVVAL,
  SmppStatus.ESME_RX_P_APPN,
  SmppStatus.ESME_RX_R_APPN,
  SmppStatus.ESME_RDELIVERYFAILURE,
  SmppStatus.ESME_RSERTYPUNAUTH,
  SmppStatus.ESME_RPROHIBITED,
  SmppStatus.ESME_RSERTYPDENIED,
]);

/** Throttling and a full queue: the SMSC asks us to slow down, so the retry waits at least this long. */
const SLOW_DOWN: ReadonlySet<number> = new Set([SmppStatus.ESME_RTHROTTLED, SmppStatus.ESME_RMSGQFUL]);
const SLOW_DOWN_MS = 1000;

/** `ESME_RINVDSTADR`, or `ESME_0x0000ABCD` for a status this map has no name for. */
export function smppStatusName(status: number): string {
  return NAME_OF_STATUS.get(status) ?? `ESME_0x${status.toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * The provider error for a submit_sm_resp with a non-zero command_status. Everything not known to be permanent
 * is retried (ESME_RSYSERR, ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RX_T_APPN, ESME_RINVBNDSTS, unknown codes),
 * bounded by the kit's retry policy.
 */
export function smppSubmitError(status: number): RetryableProviderError | PermanentProviderError {
  const name = smppStatusName(status);
  const message = `SMSC refused submit_sm with ${name} (0x${status.toString(16)})`;
  if (PERMANENT.has(status)) return new PermanentProviderError(message, name);
  return new RetryableProviderError(message, name, SLOW_DOWN.has(status) ? SLOW_DOWN_MS : null);
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ReceiptRecorder } from '../../delivery/receipt-recorder';
import { SmppConnection } from './smpp-connection';
import { SmppStatus, type SmppPdu } from './smpp-package';
import { parseSmppReceipt } from './smpp-receipt.parser';

/**
 * Takes the deliver_sm the SMSC sends on the transceiver session. Delivery receipts become status reports for
 * RecordReceiptUseCase (through ReceiptRecorder, which waits out a receipt that beats the send's bookkeeping);
 * the deliver_sm_resp is sent only once the receipt is recorded, so when recording fails (database or bus
 * down) the answer is ESME_RX_T_APPN and the SMSC delivers the receipt again later. Anything else (a message
 * from a handset, a receipt for a message we never sent) is acknowledged and dropped.
 */
@Injectable()
export class SmppReceiptListener {
  private readonly log = new Logger(SmppReceiptListener.name);

  constructor(
    connection: SmppConnection,
    @Inject(ReceiptRecorder) private readonly receipts: Pick<ReceiptRecorder, 'record'>,
  ) {
    // In the constructor, so it is in place before the connection binds (on module init) and receipts flow.
    connection.onDeliverSm((pdu) => this.handle(pdu));
  }

  async handle(pdu: SmppPdu): Promise<number> {
    const report = parseSmppReceipt(pdu, new Date());
    if (!report) {
      this.log.warn('deliver_sm that is not a usable delivery receipt acknowledged and dropped');
      return SmppStatus.ESME_ROK;
    }
    const outcome = await this.receipts.record(report);
    if (outcome === 'unknown_message') {
      this.log.warn(`SMPP receipt (${report.status}) for unknown message ${report.providerMessageId} dropped`);
    }
    return SmppStatus.ESME_ROK;
  }
}

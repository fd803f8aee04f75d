import { UNDELIVERED_ERROR_CODE } from '../twilio/twilio-status.notifier';
import { whatsappStatusWebhook } from '../whatsapp/whatsapp-status.webhook';
import { failureCodeOf } from './failure-codes';

describe('failureCodeOf', () => {
  it("matches the error code the WhatsApp peer's failed webhook carries", () => {
    const webhook = whatsappStatusWebhook({
      wamid: 'wamid.x',
      status: 'failed',
      recipientId: '447911120013',
      phoneNumberId: '1',
      at: new Date(),
    }) as { entry: Array<{ changes: Array<{ value: { statuses: Array<{ errors: Array<{ code: number }> }> } }> }> };
    const code = webhook.entry[0]!.changes[0]!.value.statuses[0]!.errors[0]!.code;
    expect(failureCodeOf('meta')).toBe(String(code));
  });

  it("matches the ErrorCode of the Twilio peer's undelivered callback", () => {
    expect(failureCodeOf('twilio')).toBe(String(UNDELIVERED_ERROR_CODE));
  });

  it('has none for SMTP, which never fails after accepting', () => {
    expect(failureCodeOf('smtp')).toBeNull();
  });
});

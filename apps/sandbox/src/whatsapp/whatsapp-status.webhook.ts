import type { DeliveryStatus } from '../fates/fates';

export interface WhatsappStatusEvent {
  wamid: string;
  status: DeliveryStatus;
  recipientId: string;
  phoneNumberId: string;
  /** The send's `biz_opaque_callback_data`, which Meta echoes in every status of the message. */
  bizOpaqueCallbackData?: string;
  at: Date;
}

/** The WhatsApp Business Account the sandbox pretends to be (webhook `entry[].id`). */
export const SANDBOX_WABA_ID = '100000000000000';
/** The display number of the sandbox's business phone. */
export const SANDBOX_DISPLAY_PHONE_NUMBER = '15550000000';

/** A `messages` webhook carrying one status, as Meta posts it. */
export function whatsappStatusWebhook(event: WhatsappStatusEvent): unknown {
  const status: Record<string, unknown> = {
    id: event.wamid,
    status: event.status,
    timestamp: String(Math.floor(event.at.getTime() / 1000)),
    recipient_id: event.recipientId,
    ...(event.bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: event.bizOpaqueCallbackData }),
  };
  if (event.status === 'failed') {
    status.errors = [
      {
        code: 131026,
        title: 'Message undeliverable',
        message: 'Message undeliverable',
        error_data: { details: 'Message Undeliverable.' },
      },
    ];
  } else if (event.status !== 'read') {
    status.conversation = {
      id: `sandbox-conversation-${event.recipientId}`,
      origin: { type: 'authentication' },
      ...(event.status === 'sent'
        ? { expiration_timestamp: String(Math.floor(event.at.getTime() / 1000) + 86_400) }
        : {}),
    };
    status.pricing = { billable: true, pricing_model: 'CBP', category: 'authentication' };
  }
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: SANDBOX_WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: SANDBOX_DISPLAY_PHONE_NUMBER, phone_number_id: event.phoneNumberId },
              statuses: [status],
            },
          },
        ],
      },
    ],
  };
}

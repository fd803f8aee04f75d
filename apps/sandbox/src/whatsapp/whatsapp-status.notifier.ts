import { Inject, Injectable } from '@nestjs/common';
import { CallbackSender } from '../callbacks/callback.sender';
import type { StatusNotifier } from '../callbacks/delivery.scheduler';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { metaSignature } from './meta-signature';
import { type WhatsappStatusEvent, whatsappStatusWebhook } from './whatsapp-status.webhook';

/** Posts a message's statuses to the configured webhook URL, signed like Meta signs them, echoing its callback data. */
@Injectable()
export class WhatsappStatusNotifier {
  constructor(
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'whatsapp'>,
    private readonly sender: CallbackSender,
  ) {}

  for(message: Omit<WhatsappStatusEvent, 'status' | 'at'>): StatusNotifier {
    return async (status) => {
      const url = this.config.whatsapp.webhookUrl;
      if (!url) return null;
      const body = JSON.stringify(whatsappStatusWebhook({ ...message, status, at: new Date() }));
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'facebookexternalua',
        'x-hub-signature-256': metaSignature(this.config.whatsapp.appSecret, body),
      };
      const result = await this.sender.post({ url, headers, body });
      return { target: url, ...result };
    };
  }
}

import { Body, Controller, Headers, HttpCode, HttpException, Inject, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { DeliveryScheduler } from '../callbacks/delivery.scheduler';
import { hangUp } from '../common/hang-up';
import { sleep } from '../common/sleep';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { FateBook } from '../fates/fate-book';
import { digitsOf } from '../fates/fates';
import { InboxStore } from '../inbox/inbox.store';
import { sameSecret } from '../common/same-secret';
import * as errors from './meta-errors';
import { describeWhatsappMessage, whatsappMessageSchema } from './whatsapp-message.schema';
import { WhatsappStatusNotifier } from './whatsapp-status.notifier';

export interface WhatsappSendResponse {
  messaging_product: 'whatsapp';
  contacts: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string }>;
}

const newWamid = (): string => `wamid.${randomBytes(24).toString('base64url')}`;

/** The WhatsApp Cloud API's send endpoint: graph base URL `http://<host>:<port>/whatsapp`. */
@Controller('whatsapp/:version/:phoneNumberId/messages')
export class WhatsappHttpController {
  constructor(
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'whatsapp'>,
    private readonly fates: FateBook,
    private readonly inbox: InboxStore,
    private readonly scheduler: DeliveryScheduler,
    private readonly notifier: WhatsappStatusNotifier,
  ) {}

  @Post()
  @HttpCode(200)
  async send(
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<WhatsappSendResponse> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token || !sameSecret(token, this.config.whatsapp.token))
      throw new HttpException(errors.invalidTokenError(), 401);
    const parsed = whatsappMessageSchema.safeParse(body);
    if (!parsed.success) {
      const details = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; ');
      throw new HttpException(errors.invalidParameterError(details), 400);
    }
    const message = parsed.data;
    const { text, parameters } = describeWhatsappMessage(message);
    const decision = this.fates.decide('whatsapp', 'meta', message.to);
    const received = {
      channel: 'whatsapp',
      provider: 'meta',
      to: message.to,
      text,
      codeSource: parameters.join(' '),
      fate: decision.fate,
      raw: body,
    } as const;

    if (decision.verdict !== 'accept') {
      const error =
        decision.verdict === 'reject' ? errors.recipientNotAllowedError() : errors.somethingWentWrongError();
      const { code, message: reason } = error.error;
      this.inbox.add({
        ...received,
        providerMessageId: null,
        outcome: decision.verdict === 'reject' ? 'rejected' : 'error',
        error: { code, message: reason },
      });
      throw new HttpException(error, decision.verdict === 'reject' ? 400 : 500);
    }

    const wamid = newWamid();
    const waId = digitsOf(message.to);
    const stored = this.inbox.add({ ...received, providerMessageId: wamid, outcome: 'accepted' });
    await sleep(decision.delayMs);
    const bizOpaqueCallbackData = message.biz_opaque_callback_data;
    this.scheduler.play(
      stored.id,
      decision.lifecycle,
      this.notifier.for({ wamid, recipientId: waId, phoneNumberId, bizOpaqueCallbackData }),
    );
    if (decision.fate === 'hangup') return hangUp(request);
    return { messaging_product: 'whatsapp', contacts: [{ input: message.to, wa_id: waId }], messages: [{ id: wamid }] };
  }
}

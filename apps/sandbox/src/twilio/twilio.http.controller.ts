import { Body, Controller, Get, Headers, HttpCode, HttpException, Inject, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DeliveryScheduler } from '../callbacks/delivery.scheduler';
import { hangUp } from '../common/hang-up';
import { sleep } from '../common/sleep';
import { SANDBOX_CONFIG, type SandboxConfig } from '../config/sandbox.config';
import { FateBook } from '../fates/fate-book';
import { InboxStore } from '../inbox/inbox.store';
import { sameSecret } from '../common/same-secret';
import { parseBasicAuth } from './basic-auth';
import { authenticateError, internalError, invalidToError, notFoundError } from './twilio-errors';
import { newMessageSid, type TwilioStatus, twilioMessageResource } from './twilio-message.resource';
import { isTwilioError, readTwilioSendForm, type TwilioSendForm } from './twilio-send.form';
import { TwilioStatusNotifier, twilioStatusOfInbox, UNDELIVERED_ERROR_CODE } from './twilio-status.notifier';

/** Twilio's Programmable Messaging API, 2010-04-01: base URL `http://<host>:<port>/twilio`. */
@Controller('twilio/2010-04-01/Accounts/:accountSid')
export class TwilioHttpController {
  constructor(
    @Inject(SANDBOX_CONFIG) private readonly config: Pick<SandboxConfig, 'twilio'>,
    private readonly fates: FateBook,
    private readonly inbox: InboxStore,
    private readonly scheduler: DeliveryScheduler,
    private readonly notifier: TwilioStatusNotifier,
  ) {}

  @Post('Messages.json')
  @HttpCode(201)
  async create(
    @Param('accountSid') accountSid: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() form: unknown,
    @Req() request: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    this.authenticate(accountSid, authorization);
    const input = readTwilioSendForm(form);
    if (isTwilioError(input)) throw new HttpException(input, input.status);

    const decision = this.fates.decide('sms', 'twilio', input.to);
    const received = {
      channel: 'sms',
      provider: 'twilio',
      to: input.to,
      from: input.from ?? undefined,
      text: input.body,
      fate: decision.fate,
      raw: form,
    } as const;
    if (decision.verdict !== 'accept') {
      const error = decision.verdict === 'reject' ? invalidToError(input.to) : internalError();
      this.inbox.add({
        ...received,
        providerMessageId: null,
        outcome: decision.verdict === 'reject' ? 'rejected' : 'error',
        error: { code: error.code, message: error.message },
      });
      throw new HttpException(error, error.status);
    }

    const sid = newMessageSid();
    const created = new Date();
    const stored = this.inbox.add({ ...received, providerMessageId: sid, outcome: 'accepted' });
    await sleep(decision.delayMs);
    this.scheduler.play(stored.id, decision.lifecycle, this.notifier.for({ sid, ...input }));
    if (decision.fate === 'hangup') return hangUp(request);
    return this.resource(sid, input, 'queued', created);
  }

  /** Fetches a message with its current status, for senders that poll instead of taking callbacks. */
  @Get('Messages/:file')
  fetch(
    @Param('accountSid') accountSid: string,
    @Param('file') file: string,
    @Headers('authorization') authorization: string | undefined,
  ): Record<string, unknown> {
    this.authenticate(accountSid, authorization);
    const sid = file.replace(/\.json$/, '');
    const message = this.inbox.findByProviderMessageId('twilio', sid);
    if (!message) throw new HttpException(notFoundError(`/2010-04-01/Accounts/${accountSid}/Messages/${file}`), 404);
    const input = readTwilioSendForm(message.raw) as TwilioSendForm;
    const last = message.statuses[message.statuses.length - 1];
    const status = twilioStatusOfInbox(last?.status);
    return this.resource(sid, input, status, new Date(message.receivedAt), last ? new Date(last.at) : undefined);
  }

  private authenticate(accountSid: string, authorization: string | undefined): void {
    const { accountSid: sid, authToken } = this.config.twilio;
    const credentials = parseBasicAuth(authorization);
    if (
      !credentials ||
      credentials.user !== sid ||
      accountSid !== sid ||
      !sameSecret(credentials.password, authToken)
    ) {
      throw new HttpException(authenticateError(), 401);
    }
  }

  private resource(
    sid: string,
    input: TwilioSendForm,
    status: TwilioStatus,
    created: Date,
    updated = created,
  ): Record<string, unknown> {
    return twilioMessageResource({
      sid,
      accountSid: this.config.twilio.accountSid,
      to: input.to,
      from: input.from,
      messagingServiceSid: input.messagingServiceSid,
      body: input.body,
      status,
      errorCode: status === 'undelivered' ? UNDELIVERED_ERROR_CODE : null,
      created,
      updated,
    });
  }
}

import {
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCodes } from '@tessera/contracts';
import { ReceiptRecorder } from '../delivery/receipt-recorder';
import { isValidTwilioSignature, type TwilioCallbackParams } from '../providers/twilio/twilio-signature';
import { readTwilioStatusCallback } from '../providers/twilio/twilio-status-callback.parser';

export const TWILIO_WEBHOOK_SETTINGS = Symbol('TWILIO_WEBHOOK_SETTINGS');

export interface TwilioWebhookSettings {
  /** Key of X-Twilio-Signature. */
  authToken: string;
  /** The StatusCallback URL exactly as Twilio was given it: the signature covers it, not the URL seen here. */
  callbackUrl: string;
}

export interface TwilioWebhookAnswer {
  outcome: 'recorded' | 'duplicate' | 'ignored' | 'unknown_message';
}

/** Seconds a sender that retries should wait before posting a callback for a still unknown message again. */
const UNKNOWN_RETRY_AFTER_S = 1;

const refuse = (status: HttpStatus, code: string, message: string): HttpException =>
  new HttpException({ statusCode: status, code, message }, status);

/** Form fields as Fastify parsed them (a repeated name becomes an array), or null when the body is not a form. */
function formParams(body: unknown): TwilioCallbackParams | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const params: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) params[name] = value as string[];
    else return null;
  }
  return params;
}

/**
 * Twilio StatusCallbacks (form-encoded). Only a valid X-Twilio-Signature is heard: missing → 401, wrong → 403,
 * checked against SMS_STATUS_CALLBACK_URL (the URL Twilio signed), in constant time. sent/delivered/undelivered/
 * failed become OtpDelivered through RecordReceiptUseCase; replays answer 200 `duplicate` and change nothing;
 * statuses Tessera does not track (queued, sending…) answer 200 `ignored`.
 *
 * A callback for a MessageSid still unknown after a short in-process wait (its send may not be recorded yet)
 * answers 503 with Retry-After, so a sender that retries (the sandbox; Twilio when the URL carries connection
 * overrides such as `#rc=3&rp=5xx`) brings it again; Twilio by default does not retry a status callback and
 * shows the 503 as error 11200 in its debugger.
 */
@Controller('webhooks')
export class TwilioWebhookHttpController {
  private readonly log = new Logger(TwilioWebhookHttpController.name);

  constructor(
    @Inject(TWILIO_WEBHOOK_SETTINGS) private readonly settings: TwilioWebhookSettings,
    private readonly receipts: ReceiptRecorder,
  ) {}

  @Post('twilio')
  @HttpCode(200)
  async statusCallback(
    @Headers('x-twilio-signature') signature: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TwilioWebhookAnswer> {
    if (!signature) throw refuse(HttpStatus.UNAUTHORIZED, ErrorCodes.unauthorized, 'X-Twilio-Signature is missing');
    const params = formParams(body);
    if (!params || !isValidTwilioSignature(this.settings.authToken, this.settings.callbackUrl, params, signature)) {
      this.log.warn('Twilio callback refused: X-Twilio-Signature does not match');
      throw refuse(HttpStatus.FORBIDDEN, ErrorCodes.forbidden, 'X-Twilio-Signature does not match');
    }
    const reading = readTwilioStatusCallback(params, new Date());
    if (reading.kind === 'invalid') {
      throw refuse(HttpStatus.BAD_REQUEST, ErrorCodes.validation, `not a Twilio status callback: ${reading.problem}`);
    }
    if (reading.kind === 'ignored') return { outcome: 'ignored' };
    const outcome = await this.receipts.record(reading.report);
    if (outcome === 'unknown_message') {
      this.log.warn(`Twilio ${reading.report.status} callback for unknown message ${reading.report.providerMessageId}`);
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('retry-after', String(UNKNOWN_RETRY_AFTER_S));
    }
    return { outcome };
  }
}

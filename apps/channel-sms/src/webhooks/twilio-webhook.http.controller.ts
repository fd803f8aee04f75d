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
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RecordReceiptUseCase, type ReceiptOutcome } from '@tessera/channel-kit';
import { ErrorCodes } from '@tessera/contracts';
import { deliveryRefOfQuery, signedCallbackUrl } from '../providers/twilio/twilio-callback-url';
import { isValidTwilioSignature, type TwilioCallbackParams } from '../providers/twilio/twilio-signature';
import { readTwilioStatusCallback } from '../providers/twilio/twilio-status-callback.parser';

export const TWILIO_WEBHOOK_SETTINGS = Symbol('TWILIO_WEBHOOK_SETTINGS');

export interface TwilioWebhookSettings {
  /** Key of X-Twilio-Signature. */
  authToken: string;
  /** SMS_STATUS_CALLBACK_URL, the public URL Twilio is given (each message adds its ref to the query). */
  callbackUrl: string;
}

export interface TwilioWebhookAnswer {
  outcome: ReceiptOutcome | 'ignored';
}

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

/** The raw query string of the request, as the sender signed it (not re-encoded). */
const rawQueryOf = (request: FastifyRequest): string => {
  const at = request.url.indexOf('?');
  return at === -1 ? '' : request.url.slice(at + 1);
};

/**
 * Twilio StatusCallbacks (form-encoded). Only a valid X-Twilio-Signature is heard: missing → 401, wrong → 403,
 * checked in constant time against the URL Twilio signed: SMS_STATUS_CALLBACK_URL's scheme, host and path (not
 * the URL seen behind a proxy) with the query as received, which carries the message's delivery ref
 * (TwilioSmsProvider puts it there). So a callback names its attempt and costs no database command.
 *
 * sent/delivered/undelivered/failed become OtpDelivered through RecordReceiptUseCase; a replay publishes the same
 * status again, which the otp-service ignores. A callback without a ref (a message sent before refs were added)
 * cannot be matched: it is acknowledged `unknown_message` (retrying could not help; the otp-service's step timeout
 * covers a lost `delivered`). Statuses Tessera does not track (queued, sending…) answer 200 `ignored`.
 */
@Controller('webhooks')
export class TwilioWebhookHttpController {
  private readonly log = new Logger(TwilioWebhookHttpController.name);

  constructor(
    @Inject(TWILIO_WEBHOOK_SETTINGS) private readonly settings: TwilioWebhookSettings,
    private readonly recordReceipt: RecordReceiptUseCase,
  ) {}

  @Post('twilio')
  @HttpCode(200)
  async statusCallback(
    @Headers('x-twilio-signature') signature: string | undefined,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<TwilioWebhookAnswer> {
    if (!signature) throw refuse(HttpStatus.UNAUTHORIZED, ErrorCodes.unauthorized, 'X-Twilio-Signature is missing');
    const params = formParams(body);
    const query = rawQueryOf(request);
    const signedUrl = signedCallbackUrl(this.settings.callbackUrl, query);
    if (!params || !isValidTwilioSignature(this.settings.authToken, signedUrl, params, signature)) {
      this.log.warn('Twilio callback refused: X-Twilio-Signature does not match');
      throw refuse(HttpStatus.FORBIDDEN, ErrorCodes.forbidden, 'X-Twilio-Signature does not match');
    }
    const reading = readTwilioStatusCallback(params, deliveryRefOfQuery(query), new Date());
    if (reading.kind === 'invalid') {
      throw refuse(HttpStatus.BAD_REQUEST, ErrorCodes.validation, `not a Twilio status callback: ${reading.problem}`);
    }
    if (reading.kind === 'ignored') return { outcome: 'ignored' };
    const outcome = await this.recordReceipt.execute(reading.report);
    if (outcome === 'unknown_message') {
      this.log.warn(
        `Twilio ${reading.report.status} callback for ${reading.report.providerMessageId} carries no delivery ref: dropped`,
      );
    }
    return { outcome };
  }
}

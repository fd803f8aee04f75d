import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Query,
  Req,
  Res,
  type RawBodyRequest,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RecordReceiptUseCase, type ReceiptOutcome } from '@tessera/channel-kit';
import { ErrorCodes } from '@tessera/contracts';
import { parseMetaStatusCallback } from '../providers/meta-cloud/meta-status-callback.parser';
import { sameSecret } from '@tessera/crypto';
import { verifyMetaSignature } from './webhook-signature';
import { WHATSAPP_WEBHOOK_SETTINGS, type WhatsappWebhookSettings } from './whatsapp-webhook.settings';

export type WebhookSummary = Record<ReceiptOutcome, number>;

/**
 * Meta's webhook for the WhatsApp Business Account: the subscription handshake (GET) and status callbacks
 * (POST, accepted only with a valid `X-Hub-Signature-256` over the raw body). Each status names its attempt in the
 * `biz_opaque_callback_data` the send gave Meta, so a status costs no database command; a replay publishes the
 * same status again, which the otp-service ignores. A status without it (a message sent before it was added, or
 * by another sender on the number) cannot be matched and is acknowledged as `unknown_message`, so Meta does not
 * redeliver it for days.
 */
@Controller('webhooks/whatsapp')
export class WhatsappWebhookHttpController {
  private readonly log = new Logger(WhatsappWebhookHttpController.name);

  constructor(
    @Inject(WHATSAPP_WEBHOOK_SETTINGS) private readonly settings: WhatsappWebhookSettings,
    private readonly recordReceipt: RecordReceiptUseCase,
  ) {}

  /** `?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` → the challenge as text/plain; anything else 403. */
  @Get()
  verify(
    @Query('hub.mode') mode: unknown,
    @Query('hub.verify_token') token: unknown,
    @Query('hub.challenge') challenge: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const verified =
      mode === 'subscribe' &&
      typeof token === 'string' &&
      sameSecret(token, this.settings.verifyToken) &&
      typeof challenge === 'string' &&
      challenge.length > 0 &&
      challenge.length <= 256;
    if (!verified) {
      throw new HttpException(
        { statusCode: 403, code: ErrorCodes.forbidden, message: 'webhook verification refused' },
        HttpStatus.FORBIDDEN,
      );
    }
    void reply.header('content-type', 'text/plain; charset=utf-8').header('x-content-type-options', 'nosniff');
    return challenge;
  }

  @Post()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<WebhookSummary> {
    const verdict = verifyMetaSignature(this.settings.appSecret, rawBodyOf(request), signature);
    if (verdict === 'missing') {
      throw new HttpException(
        { statusCode: 401, code: ErrorCodes.unauthorized, message: 'X-Hub-Signature-256 is missing' },
        HttpStatus.UNAUTHORIZED,
      );
    }
    if (verdict === 'invalid') {
      throw new HttpException(
        { statusCode: 403, code: ErrorCodes.forbidden, message: 'X-Hub-Signature-256 does not match the body' },
        HttpStatus.FORBIDDEN,
      );
    }
    const parsed = parseMetaStatusCallback(request.body);
    if (!parsed.success) {
      throw new HttpException(
        { statusCode: 400, code: ErrorCodes.validation, message: `not a WhatsApp webhook: ${parsed.error}` },
        HttpStatus.BAD_REQUEST,
      );
    }
    const summary: WebhookSummary = { recorded: 0, already_reported: 0, unknown_message: 0 };
    for (const report of parsed.reports) {
      const outcome = await this.recordReceipt.execute(report);
      summary[outcome] += 1;
      if (outcome === 'unknown_message') {
        this.log.warn(
          `status ${report.status} for ${report.providerMessageId} carries no delivery ref: acknowledged and dropped`,
        );
      }
    }
    return summary;
  }
}

/**
 * The exact bytes Meta signed. The app must be created with `rawBody: true` (startService does); a JSON body
 * without them is a deployment error (500), another media type is refused (415), no body is empty bytes.
 */
function rawBodyOf(request: RawBodyRequest<FastifyRequest>): Buffer {
  if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
  if (request.body === undefined || request.body === null) return Buffer.alloc(0);
  if (/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    throw new Error('the raw request body is unavailable: create the Nest app with rawBody: true');
  }
  throw new HttpException(
    { statusCode: 415, code: ErrorCodes.validation, message: 'webhook bodies must be application/json' },
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  );
}

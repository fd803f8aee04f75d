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

/**
 * A status about a message id we do not know yet is answered 503 while it is this recent: the webhook can beat
 * the send's own bookkeeping (the provider id is recorded just after Meta answers), and Meta (like the sandbox)
 * redelivers a non-2xx. Older unknown ids (another sender on the same number, a lost send) are acknowledged,
 * so Meta does not retry them for days. No code lives longer than 10 minutes.
 */
export const UNKNOWN_MESSAGE_RETRY_WINDOW_MS = 10 * 60_000;
const RETRY_AFTER_SECONDS = 1;

export type WebhookSummary = Record<ReceiptOutcome, number>;

/**
 * Meta's webhook for the WhatsApp Business Account: the subscription handshake (GET) and status callbacks
 * (POST, accepted only with a valid `X-Hub-Signature-256` over the raw body).
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
    @Res({ passthrough: true }) reply: FastifyReply,
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
    const summary: WebhookSummary = { recorded: 0, duplicate: 0, unknown_message: 0 };
    let retryLater = false;
    for (const report of parsed.reports) {
      const outcome = await this.recordReceipt.execute(report);
      summary[outcome] += 1;
      if (outcome === 'unknown_message') {
        const recent = Date.now() - report.at.getTime() < UNKNOWN_MESSAGE_RETRY_WINDOW_MS;
        retryLater ||= recent;
        this.log.warn(
          `status ${report.status} for unknown message ${report.providerMessageId}: ${recent ? 'asking Meta to redeliver' : 'acknowledged and dropped'}`,
        );
      }
    }
    if (retryLater) {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('retry-after', String(RETRY_AFTER_SECONDS));
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

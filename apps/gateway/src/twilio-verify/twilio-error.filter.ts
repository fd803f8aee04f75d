import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendErrorBody } from '../http/send-error-body';
import { TwilioError, TwilioErrorCodes, notFound, toTwilioError } from './twilio-error';

/** The request path as Twilio names resources in its messages: without `/v2` and the query. */
export const resourcePath = (url: string): string => url.split('?')[0]!.replace(/^\/v2(?=\/)/, '');

/** Sends a Twilio error body: JSON `{code, message, more_info, status}`, as Twilio's SDKs expect it. */
export function sendTwilioError(reply: FastifyReply | ServerResponse, error: TwilioError): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
  if (error.status === 401) headers['WWW-Authenticate'] = 'Basic realm="Twilio API"';
  sendErrorBody(reply, error.status, headers, error.body());
}

/** Every error under /v2 leaves in Twilio's shape, never as problem+json (the gateway's filter hands them here). */
@Catch()
export class TwilioErrorFilter implements ExceptionFilter {
  private readonly log = new Logger(TwilioErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const path = resourcePath(http.getRequest<FastifyRequest>().url);
    let error = toTwilioError(exception, path);
    const parserStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (!error && !(exception instanceof HttpException) && typeof parserStatus === 'number' && parserStatus < 500) {
      // Fastify's own refusals before a handler runs (an over-large body: FST_ERR_CTP_BODY_TOO_LARGE)
      error = new TwilioError(TwilioErrorCodes.invalidParameter, (exception as Error).message, parserStatus);
    }
    if (!error && exception instanceof HttpException) {
      error =
        exception.getStatus() === 404
          ? notFound(path)
          : new TwilioError(TwilioErrorCodes.invalidParameter, exception.message, exception.getStatus());
    }
    if (!error) {
      this.log.error(`unhandled: ${(exception as Error)?.stack ?? String(exception)}`);
      error = new TwilioError(TwilioErrorCodes.internal, 'Internal Server Error');
    }
    sendTwilioError(http.getResponse<FastifyReply | ServerResponse>(), error);
  }
}

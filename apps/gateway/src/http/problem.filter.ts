import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError, ErrorCodes, type ErrorCode } from '@tessera/contracts';
import { TwilioErrorFilter } from '../twilio-verify/twilio-error.filter';
import { TWILIO_VERIFY_PREFIX } from '../twilio-verify/twilio-form-bodies';
import { HTTP_STATUS_BY_CODE } from './http-status';
import { ACCEPTED_CONTENT_TYPES } from './json-bodies-only';
import { sendErrorBody } from './send-error-body';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  retryAfter?: number;
  [extension: string]: unknown;
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ErrorCodes.malformedJson,
  FST_ERR_CTP_EMPTY_JSON_BODY: ErrorCodes.malformedJson,
  FST_ERR_CTP_BODY_TOO_LARGE: ErrorCodes.payloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ErrorCodes.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ErrorCodes.validation,
};

/**
 * Every error leaves the gateway as application/problem+json with a stable machine code; under /v2 (the Twilio
 * Verify drop-in) in Twilio's shape, also when it happens before a route's own filter (body limit, unknown route).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = new Logger(ProblemFilter.name);
  private readonly twilio = new TwilioErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply | ServerResponse>();
    const request = http.getRequest<FastifyRequest>();
    if (request.url.startsWith(TWILIO_VERIFY_PREFIX)) return this.twilio.catch(exception, host);
    const problem = this.toProblem(exception);
    problem.instance = request.url;
    const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
    if (problem.retryAfter !== undefined) headers['Retry-After'] = String(problem.retryAfter);
    if (problem.status === 415) headers.Accept = ACCEPTED_CONTENT_TYPES.join(', ');
    sendErrorBody(reply, problem.status, headers, problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainError) {
      return this.problem(exception.code, exception.message, exception.retryAfterSeconds, exception.details);
    }
    if (exception instanceof ZodError) {
      const errors = exception.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
      return this.problem(ErrorCodes.validation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), undefined, {
        errors,
      });
    }
    const fastifyCode = (exception as { code?: string })?.code;
    if (fastifyCode && FASTIFY_CODES[fastifyCode]) {
      return this.problem(FASTIFY_CODES[fastifyCode], (exception as Error).message);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 400 && /JSON/i.test(exception.message))
        return this.problem(ErrorCodes.malformedJson, exception.message);
      if (status === 413) return this.problem(ErrorCodes.payloadTooLarge, 'request body too large');
      if (status === 415) return this.problem(ErrorCodes.unsupportedMediaType, exception.message);
      const code = status === 404 ? 'route.not_found' : `http.${status}`;
      return { type: 'about:blank', title: exception.message, status, code, detail: exception.message };
    }
    this.log.error(`unhandled: ${(exception as Error)?.stack ?? String(exception)}`);
    return this.problem(ErrorCodes.internal, 'internal error');
  }

  private problem(code: ErrorCode, detail: string, retryAfter?: number, extensions?: Record<string, unknown>): Problem {
    const status = HTTP_STATUS_BY_CODE[code] ?? 500;
    return {
      ...(code === ErrorCodes.unsupportedMediaType ? { acceptedContentTypes: [...ACCEPTED_CONTENT_TYPES] } : {}),
      ...extensions,
      type: `https://tessera.dev/problems/${code}`,
      title: code,
      status,
      code,
      detail,
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    };
  }
}

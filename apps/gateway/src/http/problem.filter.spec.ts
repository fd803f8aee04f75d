import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { type ArgumentsHost, Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CheckByIdBody,
  CreateVerificationBody,
  EmptyBody,
  parseBody,
} from '../verifications/verification.http-schemas';
import { acceptJsonBodiesOnly } from './json-bodies-only';
import { ProblemFilter } from './problem.filter';

@Controller('v1')
class ProbeController {
  @Post('check')
  @HttpCode(200)
  check(@Body() body: unknown): { code: string } {
    return parseBody(CheckByIdBody, body);
  }

  @Post('verifications')
  @HttpCode(200)
  create(@Body() body: unknown): unknown {
    return parseBody(CreateVerificationBody, body);
  }

  @Post('resend')
  @HttpCode(200)
  resend(@Body() body: unknown): unknown {
    return parseBody(EmptyBody, body);
  }

  @Post('cancel')
  @HttpCode(200)
  cancel(@Body() body: unknown): { body: unknown } {
    return { body: body ?? null };
  }
}

@Module({ controllers: [ProbeController], providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] })
class ProbeModule {}

describe('the gateway HTTP layer', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // as startService creates every app: rawBody on, so Nest registers its JSON and form parsers
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), {
      rawBody: true,
      logger: false,
    });
    acceptJsonBodiesOnly(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const post = (url: string, payload?: string, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'POST', url, payload, headers });

  it.each([
    ['a form (curl -d without a content type)', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['text/plain', { 'content-type': 'text/plain' }],
  ])('answers 415 with the accepted types for %s', async (_what, headers) => {
    const answer = await post('/v1/check', '{"code":"123456"}', headers);
    expect(answer.statusCode).toBe(415);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.headers.accept).toBe('application/json');
    const problem = answer.json();
    expect(problem).toMatchObject({
      status: 415,
      code: 'request.unsupported_media_type',
      acceptedContentTypes: ['application/json'],
    });
    expect(problem.detail).toContain(`content-type ${headers['content-type']} is not accepted`);
    expect(problem.detail).toContain("-H 'content-type: application/json'");
  });

  it('answers 415 for a body without any content type', async () => {
    const answer = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/v1/check',
        body: Buffer.from('{"code":"123456"}'),
      });
    expect(answer.statusCode).toBe(415);
    expect(answer.json().detail).toMatch(/^the body has no content-type: send JSON/);
  });

  it('reads JSON, with or without a charset, and takes a POST without a body', async () => {
    const plain = await post('/v1/check', '{"code":"123456"}', { 'content-type': 'application/json' });
    expect(plain.statusCode).toBe(200);
    const charset = await post('/v1/check', '{"code":"123456"}', { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.json()).toEqual({ code: '123456' });
    expect((await post('/v1/cancel')).statusCode).toBe(200);
  });

  it('reads no body as an empty object, and refuses a JSON null where the document asks for an object', async () => {
    expect((await post('/v1/resend')).json()).toEqual({});
    const nothing = await post('/v1/resend', 'null', { 'content-type': 'application/json' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json()).toMatchObject({ code: 'request.invalid', errors: [{ field: '(body)' }] });
  });

  const metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]));
  it.each([
    ['/v1/check', { code: '12' }, 'code', '4 to 10 digits'],
    ['/v1/verifications', { to: '+33612345678', metadata }, 'metadata', 'at most 20 keys'],
  ])('names the field once in a validation message (%s)', async (url, body, field, message) => {
    const answer = await post(url, JSON.stringify(body), { 'content-type': 'application/json' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({
      code: 'request.invalid',
      detail: `${field}: ${message}`,
      errors: [{ field, message }],
    });
  });
});

describe('the problem filter on a middleware error (Node’s own response)', () => {
  function rawExchange(url: string) {
    const request = new IncomingMessage(new Socket());
    request.url = url;
    const response = new ServerResponse(request);
    const end = jest.spyOn(response, 'end').mockImplementation(() => response);
    const host = {
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
    } as unknown as ArgumentsHost;
    return { response, end, host };
  }

  it('answers problem+json on the raw response instead of throwing', () => {
    const { response, end, host } = rawExchange('/v1/verifications/x/check');
    new ProblemFilter().catch(new URIError('URI malformed'), host);
    expect(response.statusCode).toBe(500);
    expect(response.getHeader('content-type')).toBe('application/problem+json');
    expect(JSON.parse(String(end.mock.calls[0]?.[0]))).toMatchObject({
      code: 'internal',
      instance: '/v1/verifications/x/check',
    });
  });

  it('answers in Twilio’s shape under /v2', () => {
    const { response, end, host } = rawExchange('/v2/Services');
    new ProblemFilter().catch(new Error('boom'), host);
    expect(response.statusCode).toBe(500);
    expect(response.getHeader('content-type')).toBe('application/json');
    expect(JSON.parse(String(end.mock.calls[0]?.[0]))).toMatchObject({ status: 500 });
  });
});

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { answerUnknownMethods } from '../http/method-not-allowed';
import { buildOpenApiDocument } from './openapi.document';

/** Serves the document at /openapi.json and a browsable page at /docs; its paths answer other methods 405. */
export async function setupOpenApi(app: NestFastifyApplication): Promise<void> {
  const document = buildOpenApiDocument();
  // @nestjs/platform-fastify pins its own fastify typings; the plugins are runtime-compatible.
  await app.register(fastifySwagger as never, { mode: 'static', specification: { document } });
  await app.register(fastifySwaggerUi as never, { routePrefix: '/docs' });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/openapi.json', async () => document);
  answerUnknownMethods(app, document.paths as Record<string, Record<string, unknown>>);
}

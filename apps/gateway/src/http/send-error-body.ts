import { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Sends an error body on what a filter was handed: Fastify's reply, or Node's own response when the error came
 * from an HTTP middleware (Nest runs middleware, pino-http's among them, on the raw request and response).
 */
export function sendErrorBody(
  reply: FastifyReply | ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: object,
): void {
  if (reply instanceof ServerResponse) {
    if (reply.headersSent) return void reply.end();
    reply.statusCode = status;
    for (const [name, value] of Object.entries(headers)) reply.setHeader(name, value);
    reply.end(JSON.stringify(body));
    return;
  }
  void reply.status(status).headers(headers).send(body);
}

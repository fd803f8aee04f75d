import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { DomainError, ErrorCodes } from '@tessera/contracts';

/** The media types the gateway reads a request body in. */
export const ACCEPTED_CONTENT_TYPES = ['application/json'] as const;

const mediaTypeOf = (contentType: string | undefined): string | undefined =>
  contentType?.split(';')[0]?.trim().toLowerCase() || undefined;

const carriesBody = (headers: IncomingHttpHeaders): boolean =>
  headers['transfer-encoding'] !== undefined ||
  (headers['content-length'] !== undefined && headers['content-length'] !== '0');

/**
 * The refusal of a body in another media type, or none. `curl -d '{…}'` without `-H 'content-type:
 * application/json'` sends a form, which would otherwise be parsed into one odd field named after the JSON.
 */
export function unsupportedBody(headers: IncomingHttpHeaders): DomainError | null {
  if (!carriesBody(headers)) return null;
  const mediaType = mediaTypeOf(headers['content-type']);
  if (mediaType && (ACCEPTED_CONTENT_TYPES as readonly string[]).includes(mediaType)) return null;
  const sent = mediaType ? `content-type ${mediaType} is not accepted` : 'the body has no content-type';
  return new DomainError(
    ErrorCodes.unsupportedMediaType,
    `${sent}: send JSON with content-type: ${ACCEPTED_CONTENT_TYPES.join(', ')} ` +
      `(curl -d sends a form unless given -H 'content-type: application/json')`,
  );
}

/**
 * Refuses non-JSON bodies with 415 before any parser reads them; the problem filter adds the accepted types.
 * Paths under `exceptPrefix` (the Twilio Verify drop-in's forms) are left to their own check.
 */
export function acceptJsonBodiesOnly(app: NestFastifyApplication, exceptPrefix?: string): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request) => {
      if (exceptPrefix && request.url.startsWith(exceptPrefix)) return;
      const refusal = unsupportedBody(request.headers);
      if (refusal) throw refusal;
    });
}

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TwilioError, TwilioErrorCodes } from './twilio-error';
import { sendTwilioError } from './twilio-error.filter';

/** Where the Twilio Verify drop-in answers. */
export const TWILIO_VERIFY_PREFIX = '/v2/';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Under /v2 a body is a form, as Twilio's SDKs send it (the rest of the gateway reads JSON only). Anything else is
 * refused with 415 in Twilio's error shape before a parser reads it.
 */
export function acceptTwilioFormBodies(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith(TWILIO_VERIFY_PREFIX)) return;
      const { headers } = request;
      const carriesBody =
        headers['transfer-encoding'] !== undefined ||
        (headers['content-length'] !== undefined && headers['content-length'] !== '0');
      const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (!carriesBody || mediaType === FORM) return;
      sendTwilioError(
        reply,
        new TwilioError(
          TwilioErrorCodes.invalidParameter,
          `Send the parameters as ${FORM}, as Twilio's SDKs do (got ${mediaType ?? 'no content-type'})`,
          415,
        ),
      );
      return reply;
    });
}

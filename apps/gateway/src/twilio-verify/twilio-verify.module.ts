import { MongooseModule } from '@nestjs/mongoose';
import { TwilioAdminHttpController } from './twilio-admin.http.controller';
import { TwilioAuthGuard } from './twilio-auth.guard';
import { TwilioAuthenticator } from './twilio.authenticator';
import {
  TWILIO_CREDENTIAL_MODEL,
  TWILIO_SERVICE_MODEL,
  TwilioCredentialSchema,
  TwilioRepository,
  TwilioServiceSchema,
} from './twilio.repository';
import { TwilioServiceDirectory } from './twilio-service.directory';
import { TwilioServicesHttpController } from './twilio-services.http.controller';
import { TwilioVerificationsHttpController } from './twilio-verifications.http.controller';

/**
 * The Twilio Verify v2 drop-in under /v2, and its credentials under /admin: parts of the gateway module, which
 * provides what they use (config, bus sender, tenants, throttle).
 */
export const twilioVerifyParts = {
  imports: [
    MongooseModule.forFeature([
      { name: TWILIO_CREDENTIAL_MODEL, schema: TwilioCredentialSchema },
      { name: TWILIO_SERVICE_MODEL, schema: TwilioServiceSchema },
    ]),
  ],
  controllers: [TwilioServicesHttpController, TwilioVerificationsHttpController, TwilioAdminHttpController],
  providers: [TwilioRepository, TwilioAuthenticator, TwilioAuthGuard, TwilioServiceDirectory],
};

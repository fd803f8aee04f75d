import { BusController, type BusContext } from '@tessera/messaging';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { Topics, type ConfigureTenantPayload, type Envelope } from '@tessera/contracts';
import { CommandAuthenticator } from './command-authenticator';
import { ConfigureTenantUseCase } from './configure-tenant.use-case';

@BusController()
export class TenantsKafkaController {
  constructor(
    private readonly authenticator: CommandAuthenticator,
    private readonly configureTenant: ConfigureTenantUseCase,
  ) {}

  @MessagePattern(Topics.tenantConfigure)
  configure(@Payload() envelope: Envelope<ConfigureTenantPayload>, @Ctx() context: BusContext) {
    this.authenticator.assertSignedByGateway(envelope, context);
    return this.configureTenant.execute(envelope.tenantId, envelope.payload);
  }
}

import { BusController } from '@tessera/messaging';
import { MessagePattern, Payload } from '@nestjs/microservices';
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
  configure(@Payload() envelope: Envelope<ConfigureTenantPayload>) {
    this.authenticator.assertSignedByGateway(envelope);
    return this.configureTenant.execute(envelope.tenantId, envelope.payload);
  }
}

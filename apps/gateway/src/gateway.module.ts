import { DynamicModule, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommandTopics } from '@tessera/contracts';
import { BusClient } from '@tessera/messaging';
import { serviceFoundation } from '@tessera/runtime';
import { GATEWAY_CONFIG, type GatewayEnv } from './config/gateway.config';
import { IpThrottleGuard } from './http/ip-throttle.guard';
import { ProblemFilter } from './http/problem.filter';
import { AdminHttpController } from './tenants/admin.http.controller';
import { AdminTokenGuard } from './tenants/admin-token.guard';
import { ApiKeyAuthenticator } from './tenants/api-key.authenticator';
import {
  API_KEY_MODEL,
  ApiKeyRepository,
  ApiKeySchema,
  TENANT_ACCOUNT_MODEL,
  TenantAccountSchema,
} from './tenants/api-key.repository';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeyGuard } from './tenants/tenant.decorator';
import { BusClientReadinessProbe } from './verifications/bus-client.probe';
import { BusCommandSender } from './verifications/bus-command.sender';
import { VerificationsHttpController } from './verifications/verifications.http.controller';
import { twilioVerifyParts } from './twilio-verify/twilio-verify.module';

@Module({})
export class GatewayModule implements OnApplicationBootstrap {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly bus: BusClient,
  ) {}

  static forRoot(config: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ...serviceFoundation('gateway', config),
        MongooseModule.forFeature([
          { name: API_KEY_MODEL, schema: ApiKeySchema },
          { name: TENANT_ACCOUNT_MODEL, schema: TenantAccountSchema },
        ]),
        ...twilioVerifyParts.imports,
      ],
      controllers: [VerificationsHttpController, AdminHttpController, ...twilioVerifyParts.controllers],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        BusClient,
        BusClientReadinessProbe,
        BusCommandSender,
        ApiKeyRepository,
        ApiKeyAuthenticator,
        ApiKeyGuard,
        AdminTokenGuard,
        IpThrottleGuard,
        ...twilioVerifyParts.providers,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.start({
      groupId: this.config.REPLY_GROUP_ID,
      commands: CommandTopics,
      timeoutMs: this.config.BUS_TIMEOUT_MS,
    });
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { CodeHasher, CodeSealer } from '@tessera/crypto';
import { serviceFoundation } from '@tessera/runtime';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from './config/otp-service.config';
import { AdvancePlanUseCase } from './fallback/advance-plan.use-case';
import { DeliveryKafkaController } from './fallback/delivery.kafka.controller';
import { RecordDeliveryStatusUseCase } from './fallback/record-delivery-status.use-case';
import { OutboxRelay } from './outbox/outbox.relay';
import { VerificationSweeper } from './sweepers/verification.sweeper';
import { CommandAuthenticator } from './tenants/command-authenticator';
import { ConfigureTenantUseCase } from './tenants/configure-tenant.use-case';
import { TenantRepository } from './tenants/tenant.repository';
import { TenantsKafkaController } from './tenants/tenants.kafka.controller';
import { DestinationLookup } from './verifications/destination-lookup';
import { IdempotencyStore } from './verifications/idempotency.store';
import { CancelVerificationUseCase } from './verifications/use-cases/cancel-verification/cancel-verification.use-case';
import { CheckVerificationUseCase } from './verifications/use-cases/check-verification/check-verification.use-case';
import { GetVerificationUseCase } from './verifications/use-cases/get-verification/get-verification.use-case';
import { IssueVerificationUseCase } from './verifications/use-cases/issue-verification/issue-verification.use-case';
import { ResendVerificationUseCase } from './verifications/use-cases/resend-verification/resend-verification.use-case';
import { VerificationDecisions } from './verifications/verification-decisions';
import { VerificationMetrics } from './verifications/verification.metrics';
import { VerificationReader } from './verifications/verification-reader';
import { VerificationRepository } from './verifications/verification.repository';
import { VerificationTransitions } from './verifications/verification-transitions';
import { VerificationsKafkaController } from './verifications/verifications.kafka.controller';

@Module({})
export class OtpServiceModule {
  static forRoot(config: OtpServiceEnv): DynamicModule {
    return {
      module: OtpServiceModule,
      imports: [...serviceFoundation('otp-service', config)],
      controllers: [VerificationsKafkaController, DeliveryKafkaController, TenantsKafkaController],
      providers: [
        { provide: OTP_SERVICE_CONFIG, useValue: config },
        { provide: CodeHasher, useValue: new CodeHasher(config.OTP_CODE_HMAC_SECRET) },
        { provide: CodeSealer, useValue: new CodeSealer(config.OTP_SEAL_KEYS, config.OTP_SEAL_ACTIVE_KID) },
        TenantRepository,
        CommandAuthenticator,
        ConfigureTenantUseCase,
        VerificationRepository,
        VerificationDecisions,
        VerificationMetrics,
        VerificationReader,
        VerificationTransitions,
        IdempotencyStore,
        DestinationLookup,
        OutboxRelay,
        IssueVerificationUseCase,
        CheckVerificationUseCase,
        ResendVerificationUseCase,
        CancelVerificationUseCase,
        GetVerificationUseCase,
        RecordDeliveryStatusUseCase,
        AdvancePlanUseCase,
        VerificationSweeper,
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CodeHasher, CodeSealer } from '@tessera/crypto';
import { serviceFoundation } from '@tessera/runtime';
import { OTP_SERVICE_CONFIG, type OtpServiceEnv } from './config/otp-service.config';
import { AdvancePlanUseCase } from './fallback/advance-plan.use-case';
import { DeliveryKafkaController } from './fallback/delivery.kafka.controller';
import { RecordDeliveryStatusUseCase } from './fallback/record-delivery-status.use-case';
import { OutboxPublisher } from './outbox/outbox.publisher';
import { PartitionLanes } from './partitions/partition-lanes';
import { RetentionSweeper } from './sweepers/retention.sweeper';
import { CommandAuthenticator } from './tenants/command-authenticator';
import { ConfigureTenantUseCase } from './tenants/configure-tenant.use-case';
import { ReplayGuard } from './tenants/replay-guard';
import { TENANT_MODEL, TenantRepository, TenantSchema } from './tenants/tenant.repository';
import { TenantsKafkaController } from './tenants/tenants.kafka.controller';
import { DueVerificationUseCase } from './timers/due-verification.use-case';
import { VerificationTimers } from './timers/verification.timers';
import {
  APPROVAL_MODEL,
  ApprovalSchema,
  DESTINATION_MODEL,
  DestinationSchema,
} from './verifications/destination.schema';
import { DestinationLookup } from './verifications/destination-lookup';
import { IDEMPOTENCY_MODEL, IdempotencySchema, IdempotencyStore } from './verifications/idempotency.store';
import { RetiredRecords } from './verifications/retired-records';
import { TenantRequestRate } from './verifications/tenant-request-rate';
import { ApproveVerificationUseCase } from './verifications/use-cases/approve-verification/approve-verification.use-case';
import { CancelVerificationUseCase } from './verifications/use-cases/cancel-verification/cancel-verification.use-case';
import { CheckVerificationUseCase } from './verifications/use-cases/check-verification/check-verification.use-case';
import { GetVerificationUseCase } from './verifications/use-cases/get-verification/get-verification.use-case';
import { IssueVerificationUseCase } from './verifications/use-cases/issue-verification/issue-verification.use-case';
import { ResendVerificationUseCase } from './verifications/use-cases/resend-verification/resend-verification.use-case';
import { VerificationMetrics } from './verifications/verification.metrics';
import { VerificationRepository } from './verifications/verification.repository';
import { VERIFICATION_MODEL, VerificationSchema } from './verifications/verification.schema';
import { VerificationStore } from './verifications/verification.store';
import { VerificationTransitions } from './verifications/verification-transitions';
import { VerificationsKafkaController } from './verifications/verifications.kafka.controller';

@Module({})
export class OtpServiceModule {
  static forRoot(config: OtpServiceEnv): DynamicModule {
    return {
      module: OtpServiceModule,
      imports: [
        ...serviceFoundation('otp-service', config),
        MongooseModule.forFeature([
          { name: VERIFICATION_MODEL, schema: VerificationSchema },
          { name: DESTINATION_MODEL, schema: DestinationSchema },
          { name: APPROVAL_MODEL, schema: ApprovalSchema },
          { name: IDEMPOTENCY_MODEL, schema: IdempotencySchema },
          { name: TENANT_MODEL, schema: TenantSchema },
        ]),
      ],
      controllers: [VerificationsKafkaController, DeliveryKafkaController, TenantsKafkaController],
      providers: [
        { provide: OTP_SERVICE_CONFIG, useValue: config },
        { provide: CodeHasher, useValue: new CodeHasher(config.OTP_CODE_HMAC_SECRET) },
        { provide: CodeSealer, useValue: new CodeSealer(config.OTP_SEAL_KEYS, config.OTP_SEAL_ACTIVE_KID) },
        PartitionLanes,
        TenantRepository,
        CommandAuthenticator,
        ReplayGuard,
        ConfigureTenantUseCase,
        VerificationRepository,
        VerificationStore,
        RetiredRecords,
        VerificationTimers,
        OutboxPublisher,
        VerificationMetrics,
        VerificationTransitions,
        TenantRequestRate,
        IdempotencyStore,
        DestinationLookup,
        IssueVerificationUseCase,
        CheckVerificationUseCase,
        ResendVerificationUseCase,
        CancelVerificationUseCase,
        GetVerificationUseCase,
        ApproveVerificationUseCase,
        RecordDeliveryStatusUseCase,
        AdvancePlanUseCase,
        DueVerificationUseCase,
        RetentionSweeper,
      ],
    };
  }
}

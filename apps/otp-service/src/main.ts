import 'reflect-metadata';
import { Topics } from '@tessera/contracts';
import { loadConfigOrExit } from '@tessera/config';
import { startService } from '@tessera/runtime';
import { OtpServiceEnvSchema } from './config/otp-service.config';
import { OtpServiceModule } from './otp-service.module';
import { PartitionLanes } from './partitions/partition-lanes';

/** Topics this app consumes; boot fails if one lacks its handler. */
export const OTP_SERVICE_TOPICS = [
  Topics.otpRequest,
  Topics.otpVerify,
  Topics.otpResend,
  Topics.otpCancel,
  Topics.otpGet,
  Topics.otpApprove,
  Topics.tenantConfigure,
  Topics.otpDelivered,
] as const;

async function main(): Promise<void> {
  const config = loadConfigOrExit('otp-service', OtpServiceEnvSchema);
  await startService({
    name: 'otp-service',
    module: OtpServiceModule.forRoot(config),
    host: config.HOST,
    port: config.PORT,
    bus: {
      groupId: config.KAFKA_GROUP_ID,
      topics: OTP_SERVICE_TOPICS,
      partitionsConsumedConcurrently: 6,
      owner: PartitionLanes,
    },
  });
}

void main();

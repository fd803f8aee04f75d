import type { z } from 'zod';
import type { MessageDefinition } from './envelope';
import { Topics, type Topic } from './topics';
import { OtpRequestedV1 } from './events/otp-requested.event';
import { OtpDeliveredV1 } from './events/otp-delivered.event';
import { OtpVerifiedV1 } from './events/otp-verified.event';
import { OtpLifecycleV1 } from './events/otp-lifecycle.event';
import {
  ApproveVerificationV1,
  CancelVerificationV1,
  CheckVerificationV1,
  GetVerificationV1,
  RequestVerificationV1,
  ResendVerificationV1,
} from './commands/otp-commands';
import { ConfigureTenantV1 } from './commands/tenant-commands';

/** Which message kinds (and versions) each topic accepts; consumers validate against this. */
export const TopicContracts: Record<Topic, readonly MessageDefinition<z.ZodType>[]> = {
  [Topics.otpRequest]: [RequestVerificationV1],
  [Topics.otpVerify]: [CheckVerificationV1],
  [Topics.otpResend]: [ResendVerificationV1],
  [Topics.otpCancel]: [CancelVerificationV1],
  [Topics.otpGet]: [GetVerificationV1],
  [Topics.otpApprove]: [ApproveVerificationV1],
  [Topics.tenantConfigure]: [ConfigureTenantV1],
  [Topics.otpRequestedWhatsapp]: [OtpRequestedV1],
  [Topics.otpRequestedSms]: [OtpRequestedV1],
  [Topics.otpRequestedEmail]: [OtpRequestedV1],
  [Topics.otpDelivered]: [OtpDeliveredV1],
  [Topics.otpVerified]: [OtpVerifiedV1],
  [Topics.otpEvents]: [OtpLifecycleV1, OtpVerifiedV1, OtpDeliveredV1],
};

export const isKnownTopic = (topic: string): topic is Topic =>
  Object.prototype.hasOwnProperty.call(TopicContracts, topic);

import { BusController, type BusContext } from '@tessera/messaging';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  Topics,
  type CheckVerificationPayload,
  type Envelope,
  type GetVerificationPayload,
  type RequestVerificationPayload,
  type ResendVerificationPayload,
  type VerificationRefPayload,
} from '@tessera/contracts';
import { CommandAuthenticator } from '../tenants/command-authenticator';
import { ApproveVerificationUseCase } from './use-cases/approve-verification/approve-verification.use-case';
import { CancelVerificationUseCase } from './use-cases/cancel-verification/cancel-verification.use-case';
import { CheckVerificationUseCase } from './use-cases/check-verification/check-verification.use-case';
import { GetVerificationUseCase } from './use-cases/get-verification/get-verification.use-case';
import { IssueVerificationUseCase } from './use-cases/issue-verification/issue-verification.use-case';
import { ResendVerificationUseCase } from './use-cases/resend-verification/resend-verification.use-case';

/** The verification commands (request-reply). Envelopes arrive validated; each handler authenticates, then delegates. */
@BusController()
export class VerificationsKafkaController {
  constructor(
    private readonly auth: CommandAuthenticator,
    private readonly issue: IssueVerificationUseCase,
    private readonly check: CheckVerificationUseCase,
    private readonly resend: ResendVerificationUseCase,
    private readonly cancel: CancelVerificationUseCase,
    private readonly get: GetVerificationUseCase,
    private readonly approve: ApproveVerificationUseCase,
  ) {}

  @MessagePattern(Topics.otpRequest)
  async onRequest(@Payload() envelope: Envelope<RequestVerificationPayload>, @Ctx() context: BusContext) {
    return this.issue.execute(await this.auth.authenticate(envelope, context), envelope, context.partition);
  }

  @MessagePattern(Topics.otpVerify)
  async onVerify(@Payload() envelope: Envelope<CheckVerificationPayload>, @Ctx() context: BusContext) {
    const { tenant, signerSecret } = await this.auth.authenticateSigner(envelope, context);
    return this.check.execute(tenant, envelope.payload, signerSecret, {
      eventId: envelope.eventId,
      partition: context.partition,
    });
  }

  @MessagePattern(Topics.otpResend)
  async onResend(@Payload() envelope: Envelope<ResendVerificationPayload>, @Ctx() context: BusContext) {
    const tenant = await this.auth.authenticate(envelope, context);
    return this.resend.execute(tenant, envelope.payload.verificationId, envelope.payload, envelope.traceparent);
  }

  @MessagePattern(Topics.otpCancel)
  async onCancel(@Payload() envelope: Envelope<VerificationRefPayload>, @Ctx() context: BusContext) {
    return this.cancel.execute(await this.auth.authenticate(envelope, context), envelope.payload.verificationId);
  }

  @MessagePattern(Topics.otpGet)
  async onGet(@Payload() envelope: Envelope<GetVerificationPayload>, @Ctx() context: BusContext) {
    return this.get.execute(await this.auth.authenticate(envelope, context), envelope.payload, context.partition);
  }

  @MessagePattern(Topics.otpApprove)
  async onApprove(@Payload() envelope: Envelope<VerificationRefPayload>, @Ctx() context: BusContext) {
    const tenant = await this.auth.authenticate(envelope, context);
    return this.approve.execute(tenant, envelope.payload.verificationId, envelope.eventId);
  }
}

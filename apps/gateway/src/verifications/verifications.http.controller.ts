import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  CancelVerificationV1,
  CheckVerificationV1,
  GetVerificationV1,
  RequestVerificationV1,
  TRACEPARENT_PATTERN,
  ResendVerificationV1,
  Topics,
  type CheckResult,
  type VerificationView,
} from '@tessera/contracts';
import { IpThrottleGuard } from '../http/ip-throttle.guard';
import { ApiKeyGuard, TenantId } from '../tenants/tenant.decorator';
import { BusCommandSender } from './bus-command.sender';
import {
  CheckByDestinationBody,
  CheckByIdBody,
  CreateVerificationBody,
  EmptyBody,
  IdempotencyKeyHeader,
  ResendBody,
  VerificationIdParam,
  parseBody,
} from './verification.http-schemas';

const traceOf = (header: string | undefined): string | null =>
  header && TRACEPARENT_PATTERN.test(header) ? header : null;

@Controller('v1')
@UseGuards(IpThrottleGuard, ApiKeyGuard)
export class VerificationsHttpController {
  constructor(private readonly bus: BusCommandSender) {}

  @Post('verifications')
  @HttpCode(201)
  create(
    @TenantId() tenantId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
  ): Promise<VerificationView> {
    const payload = parseBody(CreateVerificationBody, body);
    const key = idempotencyKey === undefined ? undefined : IdempotencyKeyHeader.parse(idempotencyKey);
    return this.bus.send(
      Topics.otpRequest,
      RequestVerificationV1,
      tenantId,
      null,
      { ...payload, ...(key ? { idempotencyKey: key } : {}) },
      traceOf(traceparent),
    );
  }

  @Get('verifications/:id')
  get(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Headers('traceparent') traceparent?: string,
  ): Promise<VerificationView> {
    const verificationId = VerificationIdParam.parse({ id }).id;
    return this.bus.send(
      Topics.otpGet,
      GetVerificationV1,
      tenantId,
      verificationId,
      { verificationId },
      traceOf(traceparent),
    );
  }

  @Post('verifications/:id/check')
  @HttpCode(200)
  check(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ): Promise<CheckResult> {
    const verificationId = VerificationIdParam.parse({ id }).id;
    const { code } = parseBody(CheckByIdBody, body);
    return this.bus.send(
      Topics.otpVerify,
      CheckVerificationV1,
      tenantId,
      verificationId,
      { verificationId, sealedCode: this.bus.sealForCheck(code, tenantId) },
      traceOf(traceparent),
    );
  }

  @Post('verification-checks')
  @HttpCode(200)
  checkByDestination(
    @TenantId() tenantId: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ): Promise<CheckResult> {
    const { to, code } = parseBody(CheckByDestinationBody, body);
    return this.bus.send(
      Topics.otpVerify,
      CheckVerificationV1,
      tenantId,
      null,
      { to, sealedCode: this.bus.sealForCheck(code, tenantId) },
      traceOf(traceparent),
    );
  }

  @Post('verifications/:id/resend')
  @HttpCode(200)
  resend(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ): Promise<VerificationView> {
    const verificationId = VerificationIdParam.parse({ id }).id;
    const { channel } = parseBody(ResendBody, body);
    return this.bus.send(
      Topics.otpResend,
      ResendVerificationV1,
      tenantId,
      verificationId,
      { verificationId, ...(channel ? { channel } : {}) },
      traceOf(traceparent),
    );
  }

  @Post('verifications/:id/cancel')
  @HttpCode(200)
  cancel(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ): Promise<VerificationView> {
    const verificationId = VerificationIdParam.parse({ id }).id;
    parseBody(EmptyBody, body);
    return this.bus.send(
      Topics.otpCancel,
      CancelVerificationV1,
      tenantId,
      verificationId,
      { verificationId },
      traceOf(traceparent),
    );
  }
}

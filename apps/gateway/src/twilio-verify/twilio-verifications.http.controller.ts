import { Body, Controller, Get, Headers, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApproveVerificationV1,
  CancelVerificationV1,
  CheckVerificationV1,
  GetVerificationV1,
  RequestVerificationV1,
  TRACEPARENT_PATTERN,
  Topics,
  type CheckResult,
  type VerificationView,
} from '@tessera/contracts';
import { IpThrottleGuard } from '../http/ip-throttle.guard';
import { BusCommandSender } from '../verifications/bus-command.sender';
import { Account, BaseUrl, TwilioAuthGuard } from './twilio-auth.guard';
import { notFound } from './twilio-error';
import { TwilioErrorFilter } from './twilio-error.filter';
import { UpdateVerificationForm, VerificationCheckForm, parseCreateVerificationForm } from './twilio-forms';
import { verificationCheckResource, verificationResource } from './twilio-serializers';
import { TwilioServiceDirectory } from './twilio-service.directory';
import { isSid, verificationIdOf } from './twilio-sid';
import type { TwilioAccount } from './twilio.authenticator';
import type { TwilioServiceRecord } from './twilio.repository';

const traceOf = (header: string | undefined): string | null =>
  header && TRACEPARENT_PATTERN.test(header) ? header : null;

/** A path segment Twilio reads as a destination rather than a sid: an E.164 number or an email address. */
const looksLikeDestination = (value: string): boolean => /^\+?\d{6,15}$/.test(value) || value.includes('@');

/**
 * Twilio Verify v2 Verifications and VerificationCheck, on the same bus commands as /v1: a Verification is a
 * Tessera verification of the Service's tenant, its VE sid the same 32 hex digits as its id.
 */
@Controller('v2/Services/:serviceSid')
@UseFilters(TwilioErrorFilter)
@UseGuards(IpThrottleGuard, TwilioAuthGuard)
export class TwilioVerificationsHttpController {
  constructor(
    private readonly services: TwilioServiceDirectory,
    private readonly bus: BusCommandSender,
  ) {}

  @Post('Verifications')
  @HttpCode(201)
  async create(
    @Account() account: TwilioAccount,
    @BaseUrl() base: string,
    @Param('serviceSid') serviceSid: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ) {
    const service = await this.service(account, serviceSid);
    const form = parseCreateVerificationForm(body);
    const view = await this.bus.send<typeof RequestVerificationV1.payload, VerificationView>(
      Topics.otpRequest,
      RequestVerificationV1,
      service.serviceTenantId,
      null,
      { to: form.To, channel: form.Channel, ...(form.Locale ? { locale: form.Locale } : {}) },
      traceOf(traceparent),
    );
    return verificationResource(base, view, {
      ...contextOf(service),
      to: form.To,
      amount: form.Amount ?? null,
      payee: form.Payee ?? null,
    });
  }

  @Get('Verifications/:sid')
  async fetch(
    @Account() account: TwilioAccount,
    @BaseUrl() base: string,
    @Param('serviceSid') serviceSid: string,
    @Param('sid') sid: string,
    @Headers('traceparent') traceparent?: string,
  ) {
    const service = await this.service(account, serviceSid);
    const view = await this.read(service, sid, traceOf(traceparent));
    return verificationResource(base, view, { ...contextOf(service), ...(isSid('VE', sid) ? {} : { to: sid }) });
  }

  @Post('Verifications/:sid')
  @HttpCode(200)
  async update(
    @Account() account: TwilioAccount,
    @BaseUrl() base: string,
    @Param('serviceSid') serviceSid: string,
    @Param('sid') sid: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ) {
    const service = await this.service(account, serviceSid);
    const { Status } = UpdateVerificationForm.parse(body ?? {});
    const trace = traceOf(traceparent);
    const verificationId = isSid('VE', sid) ? verificationIdOf(sid) : (await this.read(service, sid, trace)).id;
    const [topic, definition] =
      Status === 'canceled'
        ? ([Topics.otpCancel, CancelVerificationV1] as const)
        : ([Topics.otpApprove, ApproveVerificationV1] as const);
    const view = await this.bus.send<typeof definition.payload, VerificationView>(
      topic,
      definition,
      service.serviceTenantId,
      verificationId,
      { verificationId },
      trace,
    );
    return verificationResource(base, view, { ...contextOf(service), ...(isSid('VE', sid) ? {} : { to: sid }) });
  }

  @Post('VerificationCheck')
  @HttpCode(200)
  async check(
    @Account() account: TwilioAccount,
    @Param('serviceSid') serviceSid: string,
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ) {
    const service = await this.service(account, serviceSid);
    const form = VerificationCheckForm.parse(body ?? {});
    const tenantId = service.serviceTenantId;
    const sealedCode = this.bus.sealForCheck(form.Code, tenantId);
    const trace = traceOf(traceparent);
    const verificationId = form.VerificationSid ? verificationIdOf(form.VerificationSid) : null;
    const check = await this.bus.send<typeof CheckVerificationV1.payload, CheckResult>(
      Topics.otpVerify,
      CheckVerificationV1,
      tenantId,
      verificationId,
      verificationId ? { verificationId, sealedCode } : { to: form.To!, sealedCode },
      trace,
    );
    // the check's answer has no destination, channel or times: read them (the owner has the record in memory)
    const view = await this.bus.send<typeof GetVerificationV1.payload, VerificationView>(
      Topics.otpGet,
      GetVerificationV1,
      tenantId,
      check.id,
      { verificationId: check.id },
      trace,
    );
    return verificationCheckResource(check, view, {
      ...contextOf(service),
      ...(form.To ? { to: form.To } : {}),
      amount: form.Amount ?? null,
      payee: form.Payee ?? null,
    });
  }

  private service(account: TwilioAccount, serviceSid: string): Promise<TwilioServiceRecord> {
    return this.services.find(account, serviceSid, `/Services/${serviceSid}`);
  }

  /** A Verification by its VE sid or, as Twilio allows, by its destination (the latest one sent there). */
  private read(service: TwilioServiceRecord, sid: string, trace: string | null): Promise<VerificationView> {
    const payload = isSid('VE', sid)
      ? { verificationId: verificationIdOf(sid) }
      : looksLikeDestination(sid)
        ? { to: sid }
        : null;
    if (!payload) throw notFound(`/Services/${service._id}/Verifications/${sid}`);
    return this.bus.send<typeof GetVerificationV1.payload, VerificationView>(
      Topics.otpGet,
      GetVerificationV1,
      service.serviceTenantId,
      payload.verificationId ?? null,
      payload,
      trace,
    );
  }
}

const contextOf = (service: TwilioServiceRecord) => ({ accountSid: service.accountSid, serviceSid: service._id });

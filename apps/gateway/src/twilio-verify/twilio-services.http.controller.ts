import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { IpThrottleGuard } from '../http/ip-throttle.guard';
import { Account, BaseUrl, TwilioAuthGuard } from './twilio-auth.guard';
import { TwilioErrorFilter } from './twilio-error.filter';
import { parseServiceForm } from './twilio-forms';
import { pageMeta, parsePageQuery } from './twilio-paging';
import { serviceResource } from './twilio-serializers';
import { TwilioServiceDirectory } from './twilio-service.directory';
import type { TwilioAccount } from './twilio.authenticator';

/** Twilio Verify v2 Services: create, fetch, list (Twilio's paging), update, delete. */
@Controller('v2/Services')
@UseFilters(TwilioErrorFilter)
@UseGuards(IpThrottleGuard, TwilioAuthGuard)
export class TwilioServicesHttpController {
  constructor(private readonly services: TwilioServiceDirectory) {}

  @Post()
  @HttpCode(201)
  async create(@Account() account: TwilioAccount, @BaseUrl() base: string, @Body() body: unknown) {
    return serviceResource(base, await this.services.create(account, parseServiceForm(body, true)));
  }

  @Get()
  async list(@Account() account: TwilioAccount, @BaseUrl() base: string, @Query() query: unknown) {
    const request = parsePageQuery(query);
    const { services, hasNext } = await this.services.page(account, request.page, request.pageSize);
    return {
      services: services.map((s) => serviceResource(base, s)),
      meta: pageMeta(`${base}/Services`, 'services', request, hasNext),
    };
  }

  @Get(':sid')
  async fetch(@Account() account: TwilioAccount, @BaseUrl() base: string, @Param('sid') sid: string) {
    return serviceResource(base, await this.services.find(account, sid, `/Services/${sid}`));
  }

  @Post(':sid')
  @HttpCode(200)
  async update(
    @Account() account: TwilioAccount,
    @BaseUrl() base: string,
    @Param('sid') sid: string,
    @Body() body: unknown,
  ) {
    const service = await this.services.find(account, sid, `/Services/${sid}`);
    return serviceResource(base, await this.services.update(service, parseServiceForm(body, false)));
  }

  @Delete(':sid')
  @HttpCode(204)
  async remove(@Account() account: TwilioAccount, @Param('sid') sid: string): Promise<void> {
    await this.services.delete(await this.services.find(account, sid, `/Services/${sid}`));
  }
}

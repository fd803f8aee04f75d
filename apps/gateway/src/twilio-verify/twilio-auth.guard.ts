import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TwilioAuthenticator, type TwilioAccount } from './twilio.authenticator';

type TwilioRequest = FastifyRequest & { twilioAccount?: TwilioAccount };

@Injectable()
export class TwilioAuthGuard implements CanActivate {
  constructor(private readonly authenticator: TwilioAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TwilioRequest>();
    request.twilioAccount = await this.authenticator.accountFor(request.headers.authorization);
    return true;
  }
}

/** The account the Basic credentials authenticated (use with TwilioAuthGuard). */
export const Account = createParamDecorator((_: unknown, context: ExecutionContext): TwilioAccount => {
  return context.switchToHttp().getRequest<TwilioRequest>().twilioAccount!;
});

/** The base of resource URLs as the client reached this gateway, e.g. `https://verify.example.com/v2`. */
export const BaseUrl = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return `${request.protocol}://${request.host}/v2`;
});

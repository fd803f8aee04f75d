import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuthenticator } from './api-key.authenticator';

type TenantRequest = FastifyRequest & { tenantId?: string };

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    request.tenantId = await this.authenticator.tenantFor(request.headers.authorization);
    return true;
  }
}

/** The tenant the API key authenticated (use with ApiKeyGuard). */
export const TenantId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<TenantRequest>().tenantId!;
});

import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCodes } from '@tessera/contracts';
import { sameSecret } from '@tessera/crypto';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';

@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const given = String(context.switchToHttp().getRequest<FastifyRequest>().headers['x-admin-token'] ?? '');
    if (!sameSecret(given, this.config.ADMIN_TOKEN)) {
      throw new DomainError(ErrorCodes.unauthorized, 'admin token missing or wrong (X-Admin-Token)');
    }
    return true;
  }
}

import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCodes } from '@tessera/contracts';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';

@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const given = Buffer.from(
      String(context.switchToHttp().getRequest<FastifyRequest>().headers['x-admin-token'] ?? ''),
    );
    const expected = Buffer.from(this.config.ADMIN_TOKEN);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new DomainError(ErrorCodes.unauthorized, 'admin token missing or wrong (X-Admin-Token)');
    }
    return true;
  }
}

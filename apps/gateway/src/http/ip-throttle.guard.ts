import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCodes } from '@tessera/contracts';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';

/** Fixed one-minute window per client IP, in memory (per replica; the load balancer spreads clients). */
@Injectable()
export class IpThrottleGuard implements CanActivate {
  private window = 0;
  private counts = new Map<string, number>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const now = Date.now();
    const window = Math.floor(now / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.counts = new Map();
    }
    const count = (this.counts.get(request.ip) ?? 0) + 1;
    this.counts.set(request.ip, count);
    if (count > this.config.THROTTLE_PER_IP_PER_MINUTE) {
      throw new DomainError(
        ErrorCodes.rateLimited,
        'too many requests from this address',
        Math.ceil((60_000 - (now % 60_000)) / 1000),
      );
    }
    return true;
  }
}

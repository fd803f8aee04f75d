import { Injectable } from '@nestjs/common';

/**
 * Each tenant's requests per clock minute, counted in this replica's memory: no database round trip per request.
 * With N otp-service replicas a tenant can get up to N times its limit (documented in the README).
 */
@Injectable()
export class TenantRequestRate {
  private readonly windows = new Map<string, { minute: number; used: number }>();

  /** Takes one request from the tenant's current minute; returns the seconds to wait when none is left. */
  take(tenantId: string, perMinute: number, now = new Date()): { ok: true } | { ok: false; retryAfter: number } {
    const minute = Math.floor(now.getTime() / 60_000);
    const window = this.windows.get(tenantId);
    const used = window && window.minute === minute ? window.used : 0;
    if (used >= perMinute) return { ok: false, retryAfter: 60 - now.getUTCSeconds() };
    this.windows.set(tenantId, { minute, used: used + 1 });
    return { ok: true };
  }
}

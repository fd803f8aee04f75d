import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { sleep } from '../common/sleep';

export interface CallbackRequest {
  url: string;
  headers: Record<string, string>;
  /** Sent as is: the signature was computed over these exact bytes. */
  body: string;
}

export interface CallbackResult {
  attempts: number;
  /** HTTP status of the last attempt; null when the receiver was unreachable. */
  responseStatus: number | null;
  ok: boolean;
}

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}

/** Optional injection token to override {@link DEFAULT_RETRY_POLICY}. */
export const CALLBACK_RETRY_POLICY = Symbol('CALLBACK_RETRY_POLICY');

/** 5 attempts, 250 ms doubling between them (about 4 s in all), 5 s per attempt. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, backoffMs: 250, timeoutMs: 5000 };

/**
 * POSTs status callbacks. A 5xx answer or an unreachable receiver is retried a bounded number of times;
 * a 2xx, 3xx or 4xx answer is final (a 4xx means the receiver refused it, for example a bad signature).
 */
@Injectable()
export class CallbackSender implements OnApplicationShutdown {
  private readonly logger = new Logger(CallbackSender.name);
  private readonly shutdown = new AbortController();

  constructor(@Optional() @Inject(CALLBACK_RETRY_POLICY) private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY) {}

  async post(request: CallbackRequest): Promise<CallbackResult> {
    let responseStatus: number | null = null;
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      if (this.shutdown.signal.aborted) return { attempts: attempt - 1, responseStatus, ok: false };
      responseStatus = await this.attempt(request);
      if (responseStatus !== null && responseStatus < 500) {
        const ok = responseStatus < 300;
        if (!ok) this.logger.warn(`callback to ${request.url} refused with HTTP ${responseStatus}`);
        return { attempts: attempt, responseStatus, ok };
      }
      if (attempt < this.policy.attempts) await sleep(this.policy.backoffMs * 2 ** (attempt - 1), this.shutdown.signal);
    }
    this.logger.warn(
      `callback to ${request.url} given up after ${this.policy.attempts} attempts (last: ${responseStatus ?? 'unreachable'})`,
    );
    return { attempts: this.policy.attempts, responseStatus, ok: false };
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async attempt(request: CallbackRequest): Promise<number | null> {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(this.policy.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return null;
    }
  }
}

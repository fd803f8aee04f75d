import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonHttpClient } from '../support/json-http-client';
import type { Destinations } from './destinations';
import type { ReceiptWatcher } from './receipt-watcher';

/** What one flow drives: an API in Tessera's shape (Tessera's gateway, or the raw ceiling's edge). */
export interface FlowTarget {
  api: JsonHttpClient;
  sandbox: JsonHttpClient;
  /** Needed only when the flow awaits the delivered receipt. */
  receipts?: ReceiptWatcher;
  destinations: Destinations;
}

export type FlowChannel = 'sms' | 'whatsapp' | 'email';

export interface FlowOptions {
  awaitReceipt?: boolean;
  checkDelayMs?: number;
  /** The channel asked for (SMS by default); the code is read back from that channel's inbox. */
  channel?: FlowChannel;
  /** The destination (default: the next of `target.destinations`, a phone number). */
  to?: string;
}

export interface FlowResult {
  ok: boolean;
  error?: string;
  /** How late the flow started against its schedule (the generator's own lag). */
  startLagMs: number;
  /** POST /v1/verifications, from the scheduled start to the answer. */
  createMs?: number;
  /** From the scheduled start to the sandbox receiving the provider call (its receivedAt). */
  providerMs?: number;
  /** From the scheduled start to the `delivered` OtpDelivered being published. */
  deliveredMs?: number;
  /** POST /v1/verifications/{id}/check, request to answer. */
  checkMs?: number;
  verificationId?: string;
  /** The code read back from the sandbox, once read (a flow that fails after it can still check it). */
  code?: string;
}

/**
 * One complete verification (SMS unless told otherwise): create, read the code back from the sandbox with a
 * long-poll, check it, and wait for the delivered receipt on the bus (unless told not to). Bounded by `timeoutMs`
 * in every wait.
 */
export async function runFlow(
  target: FlowTarget,
  scheduledAt: number,
  timeoutMs: number,
  { awaitReceipt = true, checkDelayMs = 0, channel = 'sms', to: given }: FlowOptions = {},
): Promise<FlowResult> {
  const startedAt = performance.now();
  const startLagMs = startedAt - scheduledAt;
  const wallScheduled = Date.now() - startLagMs;
  const deadline = scheduledAt + timeoutMs;
  const left = (): number => Math.max(1, Math.round(deadline - performance.now()));
  const to = given ?? target.destinations.next();
  const result: FlowResult = { ok: false, startLagMs };
  let stage = 'create';
  try {
    const created = await target.api.post('/v1/verifications', { to, channel }, left());
    result.createMs = performance.now() - scheduledAt;
    if (created.status !== 201 && created.status !== 202) {
      return fail(result, `create ${created.status} ${created.body?.code ?? ''}`.trim());
    }
    const id = String(created.body.id);
    result.verificationId = id;
    const delivered = awaitReceipt && target.receipts ? target.receipts.expect(id, left()) : Promise.resolve(null);
    stage = 'code';
    const query = `to=${encodeURIComponent(to)}&channel=${channel}&since=${Math.floor(wallScheduled) - 1}&timeoutMs=${Math.min(left(), 60_000)}`;
    const message = await target.sandbox.get(`/api/messages/wait?${query}`, left() + 1000);
    if (message.status !== 200 || !message.body?.code) return fail(result, `code ${message.status}`);
    result.code = String(message.body.code);
    result.providerMs = Date.parse(message.body.receivedAt) - wallScheduled;
    stage = 'check';
    if (checkDelayMs > 0) await sleep(checkDelayMs);
    const checkStart = performance.now();
    const checked = await target.api.post(
      `/v1/verifications/${encodeURIComponent(id)}/check`,
      {
        code: message.body.code,
      },
      left(),
    );
    result.checkMs = performance.now() - checkStart;
    if (checked.status !== 200 || checked.body?.status !== 'approved') {
      return fail(result, `check ${checked.status} ${checked.body?.status ?? checked.body?.code ?? ''}`.trim());
    }
    stage = 'receipt';
    if (!awaitReceipt) return { ...result, ok: true };
    const deliveredAt = await delivered;
    if (deliveredAt === null) return fail(result, 'no delivered receipt');
    result.deliveredMs = deliveredAt - wallScheduled;
    result.ok = true;
    return result;
  } catch (error) {
    return fail(result, `${stage}: ${(error as NodeJS.ErrnoException).code ?? 'timeout'}`);
  }
}

function fail(result: FlowResult, error: string): FlowResult {
  result.error = error;
  return result;
}

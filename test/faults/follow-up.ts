import { setTimeout as sleep } from 'node:timers/promises';
import type { JsonHttpClient } from '../bench/support/json-http-client';
import type { InboxRecords } from './inbox-records';

/** How a flow that did not complete ended, as the client saw it. */
export interface FollowUp {
  /** `approved`, `already_approved`, a refusal's code, a terminal status, or `unresolved` at the deadline. */
  outcome: string;
  /** How many check answers said `approved` (a second one would be a double approval). */
  approvedAnswers: number;
  checks: number;
}

const TERMINAL = new Set(['approved', 'canceled', 'expired', 'max_attempts_reached', 'failed']);

/**
 * What a client does with a verification whose flow broke under a fault: it checks the code as soon as it can
 * read it (from the flow, or from what the sandbox received since), retrying answers that are not an answer
 * (5xx, timeouts, a gateway that is down: the other one is tried), and otherwise asks for the state now and then,
 * until the verification ends or the deadline passes. Never more than one request at a time per verification.
 */
export async function followUp({
  id,
  code,
  apis,
  inbox,
  until,
}: {
  id: string;
  code?: string;
  apis: JsonHttpClient[];
  inbox: InboxRecords;
  until: number;
}): Promise<FollowUp> {
  const result: FollowUp = { outcome: 'unresolved', approvedAnswers: 0, checks: 0 };
  let turn = 0;
  const api = (): JsonHttpClient => apis[turn++ % apis.length];
  for (let round = 0; Date.now() < until; round++) {
    const known =
      code ?? inbox.forVerification(id).find((r) => r.outcome === 'accepted' && r.code !== null)?.code ?? undefined;
    if (known) {
      result.checks++;
      const answer = await api()
        .post(`/v1/verifications/${encodeURIComponent(id)}/check`, { code: known }, 10_000)
        .catch(() => null);
      if (answer && answer.status === 200) {
        if (answer.body?.status === 'approved') {
          result.approvedAnswers++;
          result.outcome = 'approved';
          return result;
        }
        result.outcome = String(answer.body?.status ?? 'rejected');
        return result;
      }
      if (answer && answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
        result.outcome = String(answer.body?.code ?? answer.status);
        return result;
      }
    } else if (round % 5 === 4) {
      const state = await api()
        .get(`/v1/verifications/${encodeURIComponent(id)}`, 10_000)
        .catch(() => null);
      if (state?.status === 200 && TERMINAL.has(String(state.body?.status))) {
        result.outcome = `${state.body.status}${state.body.reason ? ` (${state.body.reason})` : ''}`;
        return result;
      }
    }
    await sleep(1000);
  }
  return result;
}

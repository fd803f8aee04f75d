import { cpus } from 'node:os';
import { writeMarkedSection } from '../bench/report/marked-section';
import type { FaultRunResult, FlowRecord, WindowResult } from './fault-run';
import { FAULTS, type FaultEvent } from './faults';

export interface Recovery {
  fault: string;
  event: FaultEvent;
  /** From the fault to the first affected flow started after it that completed (approved), or null. */
  recoveryMs: number | null;
}

/** Each fault event's recovery: the first flow it could hold up, started after it, that completed. */
export function recoveries(run: FaultRunResult): Recovery[] {
  const out: Recovery[] = [];
  for (const window of run.windows) {
    const fault = FAULTS.find((f) => f.name === window.fault)!;
    for (const event of window.events) {
      if (event.action === 'delay off') continue;
      const first = run.flows
        .filter((f: FlowRecord) => f.result.ok && f.startedAt >= event.at && fault.affects(f))
        .reduce<number | null>((min, f) => (min === null || f.endedAt < min ? f.endedAt : min), null);
      out.push({ fault: window.fault, event, recoveryMs: first === null ? null : first - event.at });
    }
  }
  return out;
}

function windowFlows(run: FaultRunResult, window: WindowResult): FlowRecord[] {
  const end = window.endedAt ?? window.startedAt + run.options.windowSeconds * 1000;
  return run.flows.filter((f) => f.startedAt >= window.startedAt && f.startedAt < end);
}

const seconds = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : (ms / 1000).toFixed(1);
const list = (ids: string[]): string =>
  ids.length ? `${ids.length} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})` : '0';

export function renderFaultReport(run: FaultRunResult): string {
  const a = run.accounting;
  const lines: string[] = [];
  lines.push('## Fault suite (kill -9, SIGTERM and a slow provider under load)');
  lines.push('');
  lines.push(
    `Command: \`FAULTS_RATE=${run.options.rate} npm run test:faults\` — ${run.startedAt}, ${cpus().length} cores, ` +
      `Node ${process.version}. ${run.windows.length} windows of ${run.options.windowSeconds} s at ${run.options.rate} flows/s ` +
      `(open loop, SMS, WhatsApp and email in turn, over two gateways; two otp-service replicas), verifications with a ` +
      `${run.options.ttlSeconds} s TTL. Set-up ${run.setupSeconds.toFixed(0)} s, load ${run.loadSeconds.toFixed(0)} s, ` +
      `accounting ${run.accountingSeconds.toFixed(0)} s.`,
  );
  lines.push('');
  lines.push('| window | fault | recovery (s) | shutdown (s) | back (s) | flows | completed | failed in flow |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const recovered = recoveries(run);
  for (const window of run.windows) {
    const flows = windowFlows(run, window);
    const ok = flows.filter((f) => f.result.ok).length;
    for (const [i, r] of recovered.filter((x) => x.fault === window.fault).entries()) {
      lines.push(
        `| ${i === 0 ? window.fault : ''} | ${r.event.action} ${r.event.target} | ${seconds(r.recoveryMs)} | ` +
          `${seconds(r.event.shutdownMs)} | ${seconds(r.event.restartedMs)} | ${i === 0 ? flows.length : ''} | ` +
          `${i === 0 ? ok : ''} | ${i === 0 ? flows.length - ok : ''} |`,
      );
    }
  }
  lines.push('');
  lines.push(
    "Recovery: from the fault to the first flow it could hold up (the channel's flows for a channel, the killed " +
      "gateway's for a gateway, every flow otherwise) started after it and completed (code read, check approved). " +
      'Shutdown: SIGTERM to exit. Back: the fault to the restarted part answering ready.',
  );
  const readiness = run.windows.filter((w) => w.readiness);
  if (readiness.length) {
    lines.push('');
    lines.push(
      '| readiness | not ready after (s, slowest app) | ready again after restart (s, slowest) | same processes |',
    );
    lines.push('| --- | --- | --- | --- |');
    for (const w of readiness) {
      const worst = (flips: { ms: number | null }[]): string =>
        flips.some((f) => f.ms === null) ? 'not all' : seconds(Math.max(...flips.map((f) => f.ms!)));
      lines.push(
        `| ${w.fault} killed | ${worst(w.readiness!.notReady)} | ${worst(w.readiness!.readyAgain)} | ${w.readiness!.samePids ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push('');
  lines.push('| accounting | count |');
  lines.push('| --- | --- |');
  lines.push(`| requests answered 2xx | ${a.accepted} |`);
  lines.push(`| approved in the flow | ${a.approvedInFlow} |`);
  lines.push(`| approved on a later check (after the fault) | ${a.approvedOnFollowUp} |`);
  for (const [state, count] of Object.entries(a.endedWithReason)) lines.push(`| ended ${state} | ${count} |`);
  lines.push(`| ended without a reason | ${list(a.endedWithoutReason)} |`);
  lines.push(`| lost (no record) | ${list(a.lost)} |`);
  lines.push(`| pending past their TTL | ${list(a.stuckPending)} |`);
  lines.push(
    `| an attempt received twice by its destination | ${a.duplicateSends.length}${
      a.duplicateSends.length
        ? ` (${a.duplicateSends
            .slice(0, 3)
            .map((d) => `${d.verificationId}#${d.attempt}×${d.count}`)
            .join(', ')})`
        : ''
    } |`,
  );
  lines.push(`| approved twice (events or answers) | ${list(a.approvedTwice)} |`);
  lines.push(
    `| approved without an OtpVerified / OtpVerified without approval | ${a.approvedWithoutEvent.length} / ${a.eventWithoutApproval.length} |`,
  );
  lines.push(`| messages the sandbox accepted | ${a.messagesAccepted} |`);
  lines.push(
    `| codes sent for a create answered with an error (it was running when the gateway gave up) | ${a.sentAfterRefusal.length} |`,
  );
  const refused = Object.entries(a.refused).sort((x, y) => y[1] - x[1]);
  lines.push(
    `| not accepted (no 2xx, not accounted) | ${refused.reduce((s, [, n]) => s + n, 0)}${
      refused.length
        ? ` (${refused
            .slice(0, 4)
            .map(([e, n]) => `${e}: ${n}`)
            .join('; ')})`
        : ''
    } |`,
  );
  return lines.join('\n');
}

/** Replaces the fault suite's own section of the file (between its markers), leaving every other section alone. */
export function writeFaultReport(file: string, markdown: string): void {
  writeMarkedSection(file, 'faults', markdown);
}

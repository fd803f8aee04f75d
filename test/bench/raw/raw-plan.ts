import type { IdleResult } from '../load/idle';
import type { RampResult } from '../load/ramp';
import type { StepResult } from '../load/step';
import { median } from '../support/stats';

/** The raw ceiling's three processes, standing in for the gateway, the otp-service and channel-sms. */
export const RAW_ROLES = ['edge', 'service', 'channel'] as const;
export type RawRole = (typeof RAW_ROLES)[number];

/** The hops each role handles per flow, in order (Tessera's, one for one), with `delivered` OtpDelivered per flow. */
export function rawHops(delivered: number): Record<RawRole, readonly string[]> {
  return {
    edge: ['POST /v1/verifications', 'POST /v1/verifications/{id}/check'],
    service: ['otp.request', ...Array.from({ length: delivered }, (_, i) => `otp.delivered #${i + 1}`), 'otp.verify'],
    channel: ['otp.requested.sms', 'status callback sent', 'status callback delivered'],
  };
}

const ROLE_OF_APP: Record<string, RawRole> = { gateway: 'edge', 'otp-service': 'service', 'channel-sms': 'channel' };

/** Messages per flow the structure itself sends, by Tessera topic (OtpDelivered: as many as measured). */
const structuralMessages = (delivered: number): Record<string, number> => ({
  'otp.request': 1,
  'otp.request.reply': 1,
  'otp.requested.sms': 1,
  'otp.delivered': delivered,
  'otp.verify': 1,
  'otp.verify.reply': 1,
});

export interface RawPlan {
  /** OtpDelivered per flow: 2 (after the send, on the delivered callback) or 3 (on the sent callback too). */
  delivered: number;
  /** Database commands by role and hop, in the order they are sent. */
  commands: Record<RawRole, string[][]>;
  /** Further messages per flow the service publishes at each of its hops (Tessera's other topics). */
  extraMessages: number[];
  summary: { source: 'measured' | 'default'; commandsPerFlow: number; messagesPerFlow: number; text: string };
}

const ORDER = ['insert', 'find', 'findAndModify', 'update', 'delete'];

/** Spreads `count` commands of each kind over `hops` hops, each hop sending its inserts first, deletes last. */
function spread(counts: Record<string, number>, hops: number): string[][] {
  const plan: string[][] = Array.from({ length: hops }, () => []);
  const kinds = Object.keys(counts).sort((a, b) => rankOf(a) - rankOf(b));
  for (const kind of kinds) {
    const c = counts[kind];
    for (let i = 0; i < hops; i++) {
      const share = Math.floor(((i + 1) * c) / hops) - Math.floor((i * c) / hops);
      for (let j = 0; j < share; j++) plan[i].push(kind);
    }
  }
  return plan;
}

const rankOf = (kind: string): number => (ORDER.includes(kind) ? ORDER.indexOf(kind) : 2.5);

/** Within ARCHITECTURE.md's budget of 12: used when the same run measured no Tessera flows to copy. */
const DEFAULT_COMMANDS: Record<RawRole, Record<string, number>> = {
  edge: { find: 1 },
  service: { insert: 2, update: 4 },
  channel: { insert: 1, find: 2, update: 2 },
};

/**
 * The raw ceiling copies Tessera's measured flow: each app's database commands per flow (net of its background,
 * medians over the empty-store runs, rounded) and Tessera's bus messages per flow beyond the structural ones.
 */
export function derivePlan(runs: readonly RampResult[], idle: IdleResult | undefined): RawPlan {
  const steps = runs.map((r) => r.capacity ?? r.sustained ?? r.floor).filter((s): s is StepResult => s !== undefined);
  const perRole: Record<RawRole, Record<string, number>> = { edge: {}, service: {}, channel: {} };
  let extra = 0;
  const measuredDelivered = median(steps.map((s) => (s.messages['otp.delivered'] ?? 0) / Math.max(1, s.completed)));
  const delivered = Number.isFinite(measuredDelivered) && Math.round(measuredDelivered) >= 3 ? 3 : 2;
  const structural = structuralMessages(delivered);
  const hops = rawHops(delivered);
  if (steps.length > 0) {
    for (const [app, role] of Object.entries(ROLE_OF_APP)) {
      const kinds = new Set(steps.flatMap((s) => Object.keys(s.commands[app] ?? {})));
      for (const kind of kinds) {
        const perFlow = median(
          steps.map((s) => {
            const background = (idle?.commandsPerSecond[app]?.[kind] ?? 0) * s.windowSeconds;
            return Math.max(0, (s.commands[app]?.[kind] ?? 0) - background) / Math.max(1, s.completed);
          }),
        );
        const rounded = Math.round(perFlow);
        if (rounded > 0) perRole[role][kind] = rounded;
      }
    }
    const topics = new Set(steps.flatMap((s) => Object.keys(s.messages)));
    for (const topic of topics) {
      const perFlow = median(steps.map((s) => (s.messages[topic] ?? 0) / Math.max(1, s.completed)));
      extra += Math.max(0, perFlow - (structural[topic] ?? 0));
    }
  }
  const measured = steps.length > 0 && Object.values(perRole).some((c) => Object.keys(c).length > 0);
  const counts = measured ? perRole : DEFAULT_COMMANDS;
  const commands = Object.fromEntries(
    RAW_ROLES.map((role) => [role, spread(counts[role], hops[role].length)]),
  ) as Record<RawRole, string[][]>;
  const extraTotal = Math.round(extra);
  const serviceHops = hops.service.length;
  const extraMessages = Array.from(
    { length: serviceHops },
    (_, i) => Math.floor(((i + 1) * extraTotal) / serviceHops) - Math.floor((i * extraTotal) / serviceHops),
  );
  const commandsPerFlow = Object.values(commands).reduce((s, hops) => s + hops.flat().length, 0);
  const text = RAW_ROLES.map(
    (role) =>
      `${role}: ${
        Object.entries(counts[role])
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      }`,
  ).join('; ');
  return {
    delivered,
    commands,
    extraMessages,
    summary: {
      source: measured ? 'measured' : 'default',
      commandsPerFlow,
      messagesPerFlow: Object.values(structural).reduce((a, b) => a + b, 0) + extraTotal,
      text: `${text}; ${extraTotal} further message(s) per flow`,
    },
  };
}

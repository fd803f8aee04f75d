import { createHmac } from 'node:crypto';
import type { RawPlan } from './raw-plan';

/** The raw ceiling's own topics, with Tessera's partition counts (libs/contracts TopicPartitions). */
export const RAW_TOPICS = {
  request: { name: 'bench-raw.request', partitions: 6 },
  requestReply: { name: 'bench-raw.request.reply', partitions: 12 },
  verify: { name: 'bench-raw.verify', partitions: 6 },
  verifyReply: { name: 'bench-raw.verify.reply', partitions: 12 },
  requested: { name: 'bench-raw.requested.sms', partitions: 6 },
  delivered: { name: 'bench-raw.delivered', partitions: 6 },
  events: { name: 'bench-raw.events', partitions: 6 },
} as const;

/** What every role process gets from the benchmark, as one JSON environment variable. */
export interface RawRoleConfig {
  runId: string;
  brokers: string[];
  mongoUrl: string;
  database: string;
  plan: RawPlan;
  edgePort: number;
  channelPort: number;
  sandboxUrl: string;
  twilio: { accountSid: string; authToken: string; from: string };
  /** Key of the stand-in code: derived from the verification id, so no code travels on the bus. */
  codeKey: string;
}

export const rawGroup = (runId: string, role: string): string => `bench-raw-${role}-${runId}`;

export function rawCode(config: RawRoleConfig, id: string): string {
  const n = createHmac('sha256', config.codeKey).update(id).digest().readUInt32BE(0) % 1_000_000;
  return String(n).padStart(6, '0');
}

/** About the size of a Tessera envelope's fixed fields, so messages weigh alike. */
export const FILLER = 'x'.repeat(320);

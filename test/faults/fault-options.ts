/** The fault suite's knobs, from the environment (`FAULTS_*`). */
export interface FaultOptions {
  /** Flows per second, offered open-loop through every window. */
  rate: number;
  /** Length of one fault's window: the fault at its start, recovery within it. */
  windowSeconds: number;
  /** TTL of every verification the load creates (the accounting waits for the pending ones to expire). */
  ttlSeconds: number;
  /** How long the provider's answers are held in the network fault. */
  providerDelayMs: number;
  /** How long that delay stays on. */
  providerDelaySeconds: number;
  /** Only these faults (names as in the report), for development; default all. */
  only: string[] | null;
  /** Where the report section goes (its own section of BENCHMARKS.md by default). */
  output: string;
  /** A SIGTERMed service must be gone within this. */
  shutdownBoundMs: number;
  /** Readiness must flip within this after Kafka or FerretDB stops, and back within `readyAgainMs` after. */
  notReadyWithinMs: number;
  readyAgainMs: number;
}

const number = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
};

export function readFaultOptions(): FaultOptions {
  const only = process.env.FAULTS_ONLY?.trim();
  return {
    rate: number('FAULTS_RATE', 20),
    windowSeconds: number('FAULTS_WINDOW_SECONDS', 60),
    ttlSeconds: number('FAULTS_TTL_SECONDS', 60),
    providerDelayMs: number('FAULTS_PROVIDER_DELAY_MS', 20_000),
    providerDelaySeconds: number('FAULTS_PROVIDER_DELAY_SECONDS', 20),
    only: only ? only.split(',').map((s) => s.trim()) : null,
    output: process.env.FAULTS_OUTPUT || 'BENCHMARKS.md',
    shutdownBoundMs: number('FAULTS_SHUTDOWN_BOUND_MS', 15_000),
    notReadyWithinMs: number('FAULTS_NOT_READY_WITHIN_MS', 10_000),
    readyAgainMs: number('FAULTS_READY_AGAIN_MS', 45_000),
  };
}

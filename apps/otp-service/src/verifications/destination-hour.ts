import type { DestinationRecord } from './destination.schema';

const HOUR_MS = 3600_000;

export const hourOf = (now: Date): number => Math.floor(now.getTime() / HOUR_MS);

/** Codes sent to the destination in the current clock hour. */
export const sendsThisHour = (destination: DestinationRecord | null, now: Date): number =>
  destination && destination.hour === hourOf(now) ? destination.sendsInHour : 0;

export const secondsToNextHour = (now: Date): number => Math.ceil((HOUR_MS - (now.getTime() % HOUR_MS)) / 1000);

/** The destination after one more send now. */
export function withOneMoreSend(destination: DestinationRecord, now: Date): DestinationRecord {
  return { ...destination, hour: hourOf(now), sendsInHour: sendsThisHour(destination, now) + 1, updatedAt: now };
}

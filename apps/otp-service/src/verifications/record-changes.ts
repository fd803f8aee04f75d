import { isDeepStrictEqual } from 'node:util';
import type { VerificationRecord } from './verification.schema';

export interface RecordChanges {
  $set: Partial<VerificationRecord>;
  $unset?: Record<string, ''>;
}

/**
 * The top-level fields `next` changed from `current`, as an update document: a write sends these instead of the
 * whole record, so the database decodes only what changed (FerretDB spent a sixth less CPU on a receipt's update
 * than on the replacement of the same record).
 */
export function changedFields(current: VerificationRecord, next: VerificationRecord): RecordChanges {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [field, value] of Object.entries(next)) {
    if (field !== '_id' && !isDeepStrictEqual(value, current[field as keyof VerificationRecord])) $set[field] = value;
  }
  for (const field of Object.keys(current)) if (!(field in next)) $unset[field] = '';
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

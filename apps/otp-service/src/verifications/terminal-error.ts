import { DomainError, ErrorCodes, type ErrorCode } from '@tessera/contracts';
import type { VerificationRecord } from './verification.schema';

const CODES: Record<string, ErrorCode> = {
  approved: ErrorCodes.alreadyApproved,
  canceled: ErrorCodes.canceled,
  expired: ErrorCodes.expired,
  max_attempts_reached: ErrorCodes.maxAttempts,
  failed: ErrorCodes.failed,
};

const REASONS: Record<string, string> = {
  approved: 'already_approved',
  canceled: 'canceled',
  expired: 'expired',
  max_attempts_reached: 'max_attempts_reached',
  failed: 'failed',
};

/** The refusal for acting on a verification that has ended: it names the state and why, never a bare 404. */
export function terminalError(record: Pick<VerificationRecord, '_id' | 'status' | 'reason'>): DomainError {
  return new DomainError(
    CODES[record.status] ?? ErrorCodes.notPending,
    `verification ${record._id} is ${record.status}`,
    undefined,
    {
      id: record._id,
      verificationStatus: record.status,
      reason: REASONS[record.status] ?? record.status,
      detail: record.reason,
      attemptsRemaining: 0,
    },
  );
}

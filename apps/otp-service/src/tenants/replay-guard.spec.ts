import { DomainError, ErrorCodes, type Envelope } from '@tessera/contracts';
import { COMMAND_MAX_AGE_MS, ReplayGuard } from './replay-guard';

const now = Date.parse('2026-12-01T12:00:00.000Z');
const command = (eventId: string, occurredAt = new Date(now - 1000).toISOString()) =>
  ({ eventId, occurredAt }) as Envelope;
const at = (offset: string) => ({ topic: 'otp.verify', partition: 2, offset });
const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
  return 'admitted';
};

describe('ReplayGuard', () => {
  it('admits a command once, and the same Kafka message again (a retry or a redelivery)', () => {
    const guard = new ReplayGuard();
    expect(refusal(() => guard.admit(command('e1'), at('10'), now))).toBe('admitted');
    expect(refusal(() => guard.admit(command('e1'), at('10'), now))).toBe('admitted');
    expect(refusal(() => guard.admit(command('e1'), at('11'), now))).toBe(ErrorCodes.busCommandReplayed);
    expect(refusal(() => guard.admit(command('e2'), at('12'), now))).toBe('admitted');
  });

  it('refuses a command signed longer ago than the window, or too far in the future', () => {
    const guard = new ReplayGuard();
    const old = new Date(now - COMMAND_MAX_AGE_MS - 1).toISOString();
    const ahead = new Date(now + 60_000).toISOString();
    expect(refusal(() => guard.admit(command('e3', old), at('1'), now))).toBe(ErrorCodes.busCommandReplayed);
    expect(refusal(() => guard.admit(command('e4', ahead), at('2'), now))).toBe(ErrorCodes.busCommandReplayed);
    expect(refusal(() => guard.admit(command('e5', 'not a date'), at('3'), now))).toBe(ErrorCodes.busCommandReplayed);
  });
});

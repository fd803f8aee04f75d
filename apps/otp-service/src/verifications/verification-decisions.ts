import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { VerificationStatus } from '@tessera/contracts';
import { MONGO_DB, UniqueSlots, isDuplicateKeyError } from '@tessera/persistence';

type TerminalOutcome = Exclude<VerificationStatus, 'pending'>;

interface DecisionDocument {
  _id: string;
  outcome: TerminalOutcome;
  reason: string | null;
  at: Date;
}

const HOUR_MS = 3600_000;

/**
 * Every "at most once / at most N" decision of a verification, each taken by a unique insert that MongoDB
 * and FerretDB both serialize (ARCHITECTURE.md, Concurrency). The record is then updated to match.
 */
@Injectable()
export class VerificationDecisions implements OnModuleInit {
  private readonly decisions: Collection<DecisionDocument>;
  private readonly checkSlots: UniqueSlots;
  private readonly checkFailures: UniqueSlots;
  private readonly sendSlots: UniqueSlots;
  private readonly destinationSlots: UniqueSlots;
  private readonly deliverySteps: UniqueSlots;
  private readonly tenantRateSlots: UniqueSlots;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.decisions = db.collection<DecisionDocument>('verification_decisions');
    this.checkSlots = new UniqueSlots(db, 'check_slots');
    this.checkFailures = new UniqueSlots(db, 'check_failures');
    this.sendSlots = new UniqueSlots(db, 'send_slots');
    this.destinationSlots = new UniqueSlots(db, 'destination_send_slots');
    this.deliverySteps = new UniqueSlots(db, 'delivery_attempts');
    this.tenantRateSlots = new UniqueSlots(db, 'tenant_rate_slots');
  }

  async onModuleInit(): Promise<void> {
    for (const slots of this.allSlots()) await slots.ensureIndexes();
  }

  /** The one terminal outcome of a verification: the first insert wins, every later one learns the winner. */
  async decide(
    verificationId: string,
    outcome: TerminalOutcome,
    reason: string | null,
  ): Promise<{ decision: DecisionDocument; won: boolean }> {
    const decision: DecisionDocument = { _id: verificationId, outcome, reason, at: new Date() };
    try {
      await this.decisions.insertOne(decision);
      return { decision, won: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return { decision: (await this.decisions.findOne({ _id: verificationId }))!, won: false };
    }
  }

  async decisionOf(verificationId: string): Promise<DecisionDocument | null> {
    return this.decisions.findOne({ _id: verificationId });
  }

  takeCheckSlot(checkKey: string, maxChecks: number): Promise<number | null> {
    return this.checkSlots.take(checkKey, maxChecks, new Date(Date.now() + 24 * HOUR_MS));
  }

  checksUsed(checkKey: string, maxChecks: number): Promise<number> {
    return this.checkSlots.count(checkKey, maxChecks);
  }

  /** Returns how many checks of this key have failed, this one included. */
  async recordFailedCheck(checkKey: string, maxChecks: number): Promise<number> {
    await this.checkFailures.take(checkKey, maxChecks, new Date(Date.now() + 24 * HOUR_MS));
    return this.checkFailures.count(checkKey, maxChecks);
  }

  takeSendSlot(verificationId: string, maxSends: number): Promise<number | null> {
    return this.sendSlots.take(verificationId, maxSends, new Date(Date.now() + 24 * HOUR_MS));
  }

  /** A send towards one destination in the current clock hour; null when the hourly cap is reached. */
  takeDestinationSlot(destinationKey: string, maxPerHour: number, now = new Date()): Promise<number | null> {
    const window = Math.floor(now.getTime() / HOUR_MS);
    return this.destinationSlots.take(`${destinationKey}:${window}`, maxPerHour, new Date((window + 2) * HOUR_MS));
  }

  secondsToNextHour(now = new Date()): number {
    return Math.ceil((HOUR_MS - (now.getTime() % HOUR_MS)) / 1000);
  }

  /** Claims delivery attempt n of a verification before it is announced, so no attempt happens twice. */
  claimDeliveryAttempt(verificationId: string, attempt: number): Promise<boolean> {
    return this.deliverySteps.claim(verificationId, attempt, new Date(Date.now() + 24 * HOUR_MS));
  }

  /** Claims the move to plan step `step` (0-based) once, however many failures or timeouts ask for it. */
  claimFallbackStep(verificationId: string, step: number): Promise<boolean> {
    return this.deliverySteps.claim(`${verificationId}:step`, step, new Date(Date.now() + 24 * HOUR_MS));
  }

  takeTenantRequestSlot(tenantId: string, perMinute: number, now = new Date()): Promise<number | null> {
    const minute = Math.floor(now.getTime() / 60_000);
    return this.tenantRateSlots.take(`${tenantId}:${minute}`, perMinute, new Date((minute + 2) * 60_000));
  }

  async sweepExpiredSlots(now: Date): Promise<number> {
    let deleted = 0;
    for (const slots of this.allSlots()) deleted += await slots.deleteExpired(now);
    return deleted;
  }

  private allSlots(): UniqueSlots[] {
    return [
      this.checkSlots,
      this.checkFailures,
      this.sendSlots,
      this.destinationSlots,
      this.deliverySteps,
      this.tenantRateSlots,
    ];
  }
}

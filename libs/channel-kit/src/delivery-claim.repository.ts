import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '@tessera/persistence';
import {
  DELIVERY_CLAIM_COLLECTION,
  DELIVERY_CLAIM_MODEL,
  claimCollectionOf,
  claimHourOf,
  deliveryClaimId,
  hourOfClaimCollection,
  type DeliveryClaim,
} from './delivery-claim.schema';

export type ClaimRequest = Omit<DeliveryClaim, '_id' | 'claimedAt'> & { expiresAt: Date };

/** The channel's inbox: one unique insert per try, into its hour's collection; retention drops past hours. */
@Injectable()
export class DeliveryClaimRepository {
  constructor(@InjectModel(DELIVERY_CLAIM_MODEL) private readonly claims: Model<DeliveryClaim>) {}

  /** True when this call claimed the try; false when it was claimed before (a redelivery, another replica). */
  async claim({ expiresAt, ...claim }: ClaimRequest): Promise<boolean> {
    try {
      // the driver's insert: the claim is built whole here, and a mongoose Document per send costs more than it
      await this.claims.db.collection(claimCollectionOf(expiresAt)).insertOne({
        ...claim,
        _id: deliveryClaimId(expiresAt, claim.verificationId, claim.attempt, claim.try) as never,
        claimedAt: new Date(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Drops the collections of the hours before `before`'s (on FerretDB, a table each: no scan), and empties the
   * earlier single collection the same way it was, by a range on `_id`, dropping it once it is empty. Answers how
   * many collections went.
   */
  async deleteExpiredBefore(before: Date): Promise<number> {
    const cutoff = claimHourOf(before);
    const names = (await this.claims.db.listCollections()).map((c) => c.name);
    let dropped = 0;
    for (const name of names) {
      const hour = hourOfClaimCollection(name);
      if (hour === null || hour >= cutoff) continue;
      await this.claims.db.dropCollection(name);
      dropped++;
    }
    if (names.includes(DELIVERY_CLAIM_COLLECTION)) {
      await this.claims.deleteMany({ _id: { $lt: cutoff } });
      if ((await this.claims.estimatedDocumentCount()) === 0) {
        await this.claims.db.dropCollection(DELIVERY_CLAIM_COLLECTION);
        dropped++;
      }
    }
    return dropped;
  }
}

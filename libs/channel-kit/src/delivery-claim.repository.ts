import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '@tessera/persistence';
import { DELIVERY_CLAIM_MODEL, claimHourOf, deliveryClaimId, type DeliveryClaim } from './delivery-claim.schema';

export type ClaimRequest = Omit<DeliveryClaim, '_id' | 'claimedAt'> & { expiresAt: Date };

/** The channel's inbox: one unique insert per try, and a range delete by `_id` for retention. */
@Injectable()
export class DeliveryClaimRepository {
  constructor(@InjectModel(DELIVERY_CLAIM_MODEL) private readonly claims: Model<DeliveryClaim>) {}

  /** True when this call claimed the try; false when it was claimed before (a redelivery, another replica). */
  async claim({ expiresAt, ...claim }: ClaimRequest): Promise<boolean> {
    try {
      // the driver's insert: the claim is built whole here, and a mongoose Document per send costs more than it
      await this.claims.collection.insertOne({
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

  /** Deletes the claims of codes that expired before `before`'s hour; answers how many. */
  async deleteExpiredBefore(before: Date): Promise<number> {
    const { deletedCount } = await this.claims.deleteMany({ _id: { $lt: claimHourOf(before) } });
    return deletedCount;
  }
}

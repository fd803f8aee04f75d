import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Schema, type Model } from 'mongoose';
import type { TwilioServiceSettings } from './twilio-forms';

/** An account's auth token (`_id` the AC sid) or an API key's secret (`_id` the SK sid); secrets kept as SHA-256. */
export interface TwilioCredentialRecord {
  _id: string;
  kind: 'account' | 'api_key';
  accountSid: string;
  /** The Tessera tenant the account belongs to (one account per tenant). */
  tenantId: string;
  friendlyName: string;
  secretHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A Verify Service (`_id` its VA sid): a Tessera tenant of its own, owned by an account. */
export interface TwilioServiceRecord {
  _id: string;
  accountSid: string;
  /** The Tessera tenant holding the Service's policy and verifications. */
  serviceTenantId: string;
  settings: TwilioServiceSettings;
  createdAt: Date;
  updatedAt: Date;
}

export const TwilioCredentialSchema = new Schema<TwilioCredentialRecord>(
  {
    _id: String,
    kind: String,
    accountSid: String,
    tenantId: String,
    friendlyName: String,
    secretHash: String,
    createdAt: Date,
    revokedAt: { type: Date, default: null },
  },
  { collection: 'twilio_credentials', versionKey: false },
);
TwilioCredentialSchema.index({ tenantId: 1 });
export const TWILIO_CREDENTIAL_MODEL = 'TwilioCredential';

export const TwilioServiceSchema = new Schema<TwilioServiceRecord>(
  {
    _id: String,
    accountSid: String,
    serviceTenantId: String,
    settings: { type: Schema.Types.Mixed },
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'twilio_services', versionKey: false },
);
TwilioServiceSchema.index({ accountSid: 1, createdAt: 1 });
export const TWILIO_SERVICE_MODEL = 'TwilioService';

/**
 * Twilio credentials and Services. Requests read both by `_id` (cached by their callers); listing a page of an
 * account's Services is the only read by another field, through its index. Deleted Services are removed, revoked
 * credentials kept (marked) so that their sids stay unique: both grow only by admin action.
 */
@Injectable()
export class TwilioRepository implements OnModuleInit {
  constructor(
    @InjectModel(TWILIO_CREDENTIAL_MODEL) private readonly credentials: Model<TwilioCredentialRecord>,
    @InjectModel(TWILIO_SERVICE_MODEL) private readonly services: Model<TwilioServiceRecord>,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.credentials.createIndexes(), this.services.createIndexes()]);
  }

  findCredential(sid: string): Promise<TwilioCredentialRecord | null> {
    return this.credentials.findById(sid).lean<TwilioCredentialRecord>().exec();
  }

  /** Writes a credential; an account's auth token replaces the one before (same `_id`). */
  async saveCredential(record: TwilioCredentialRecord): Promise<void> {
    await this.credentials.replaceOne({ _id: record._id }, record, { upsert: true }).exec();
  }

  listCredentials(tenantId: string): Promise<Omit<TwilioCredentialRecord, 'secretHash'>[]> {
    return this.credentials
      .find({ tenantId }, { secretHash: 0 })
      .sort({ createdAt: 1 })
      .lean<Omit<TwilioCredentialRecord, 'secretHash'>[]>()
      .exec();
  }

  async revokeCredential(tenantId: string, sid: string): Promise<boolean> {
    const result = await this.credentials
      .updateOne({ _id: sid, tenantId, revokedAt: null }, { $set: { revokedAt: new Date() } })
      .exec();
    return result.matchedCount > 0;
  }

  findService(sid: string): Promise<TwilioServiceRecord | null> {
    return this.services.findById(sid).lean<TwilioServiceRecord>().exec();
  }

  async insertService(record: TwilioServiceRecord): Promise<void> {
    await this.services.insertMany([record], { lean: true });
  }

  async replaceService(record: TwilioServiceRecord): Promise<void> {
    await this.services.replaceOne({ _id: record._id }, record).exec();
  }

  async deleteService(sid: string): Promise<void> {
    await this.services.deleteOne({ _id: sid }).exec();
  }

  /** One page of an account's Services, oldest first, and one more to tell whether a next page exists. */
  listServices(accountSid: string, skip: number, limit: number): Promise<TwilioServiceRecord[]> {
    return this.services
      .find({ accountSid })
      .sort({ createdAt: 1, _id: 1 })
      .skip(skip)
      .limit(limit)
      .lean<TwilioServiceRecord[]>()
      .exec();
  }
}

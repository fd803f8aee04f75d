import { Test, type TestingModule } from '@nestjs/testing';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { mongoTestModules } from '@tessera/testing';
import {
  APPROVAL_MODEL,
  ApprovalSchema,
  DESTINATION_MODEL,
  DestinationSchema,
  partitionListId,
} from './destination.schema';
import { verificationRecord } from './verification-record.fixture';
import { StaleRecordError, VerificationRepository } from './verification.repository';
import { VERIFICATION_MODEL, VerificationSchema } from './verification.schema';
import { QUERIED_FIELDS } from './verification.stored-form';

/** The otp-service's records on the real database (FerretDB in the local stack), in the form they are stored. */
describe('VerificationRepository', () => {
  let moduleRef: TestingModule;
  let repository: VerificationRepository;
  let n = 0;
  const nextId = () => `vf_${String(++n).padStart(32, '0')}`;
  const collection = (name: string) => moduleRef.get<Connection>(getConnectionToken()).collection(name);

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ...mongoTestModules('int_otp_records'),
        MongooseModule.forFeature([
          { name: VERIFICATION_MODEL, schema: VerificationSchema },
          { name: DESTINATION_MODEL, schema: DestinationSchema },
          { name: APPROVAL_MODEL, schema: ApprovalSchema },
        ]),
      ],
      providers: [VerificationRepository],
    }).compile();
    await moduleRef.init();
    repository = moduleRef.get(VerificationRepository);
  });

  afterAll(async () => {
    await moduleRef.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef.close();
  });

  it('stores a record as its queried fields and one JSON text, and reads it back whole', async () => {
    const record = verificationRecord(nextId());
    await repository.insert(record);
    const stored = await collection('verifications').findOne({ _id: record._id as never });
    expect(Object.keys(stored!).sort()).toEqual([...QUERIED_FIELDS, 'state'].sort());
    expect(typeof stored!.state).toBe('string');
    expect(await collection('verifications').countDocuments({ status: 'pending', tenantId: 't1' })).toBeGreaterThan(0);
    expect(await repository.findById(record._id)).toEqual(record);
  });

  it('replaces a record only at the version it read', async () => {
    const record = verificationRecord(nextId());
    await repository.insert(record);
    const next = { ...record, status: 'approved' as const, version: record.version + 1, endedAt: new Date() };
    await repository.replace(next, record.version);
    expect(await repository.findById(record._id)).toEqual(next);
    await expect(repository.replace({ ...next, version: next.version + 1 }, record.version)).rejects.toBeInstanceOf(
      StaleRecordError,
    );
    expect((await repository.findById(record._id))!.version).toBe(next.version);
  });

  it('reads records stored in the earlier forms: every field as itself, the lists as arrays or JSON text', async () => {
    const asArrays = verificationRecord(nextId());
    const asText = verificationRecord(nextId());
    await collection('verifications').insertMany([
      asArrays as never,
      {
        ...asText,
        deliveries: JSON.stringify(asText.deliveries),
        checks: JSON.stringify(asText.checks),
        outbox: JSON.stringify(asText.outbox),
      } as never,
    ]);
    expect(await repository.findById(asArrays._id)).toEqual(asArrays);
    expect(await repository.findById(asText._id)).toEqual(asText);
  });

  it('stores a partition live list as one JSON text, and reads a list stored as an array before', async () => {
    const ids = [nextId(), nextId(), nextId()];
    await repository.saveDestinationAndList(null, { partition: 7, live: ids });
    const stored = await collection('verification_destinations').findOne({ _id: partitionListId(7) as never });
    expect(stored!.live).toBe(JSON.stringify(ids));
    expect(await repository.findLiveList(7)).toEqual(ids);
    await collection('verification_destinations').insertOne({
      _id: partitionListId(8) as never,
      kind: 'partition',
      live: ids,
      updatedAt: new Date(),
    });
    expect(await repository.findLiveList(8)).toEqual(ids);
    expect(await repository.findLiveList(9)).toEqual([]);
  });
});

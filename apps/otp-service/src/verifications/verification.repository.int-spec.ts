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
import { emptyRetirement, retiredBatchId, type RetiredBatch } from './retirement';
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
    expect(await repository.findLiveList(7)).toEqual({ live: ids, retirement: emptyRetirement() });
    await collection('verification_destinations').insertOne({
      _id: partitionListId(8) as never,
      kind: 'partition',
      live: ids,
      updatedAt: new Date(),
    });
    expect(await repository.findLiveList(8)).toEqual({ live: ids, retirement: emptyRetirement() });
    expect(await repository.findLiveList(9)).toEqual({ live: [], retirement: emptyRetirement() });
  });

  it('retention deletes ended records, fences and idle destinations past the cutoff, one collection at a time', async () => {
    const cutoff = new Date('2026-06-01T00:00:00.000Z');
    const old = new Date('2026-01-01T00:00:00.000Z');
    const endedOld = { ...verificationRecord(nextId()), status: 'approved' as const, endedAt: old };
    const endedRecently = { ...verificationRecord(nextId()), status: 'approved' as const, endedAt: new Date() };
    const pending = verificationRecord(nextId());
    for (const record of [endedOld, endedRecently, pending]) await repository.insert(record);
    await collection('verification_approvals').insertMany([
      { _id: endedOld._id as never, checkId: 'c-old', at: old },
      { _id: endedRecently._id as never, checkId: 'c-new', at: new Date() },
    ]);
    const destination = { kind: 'destination', tenantId: 't1', latestId: null, hour: 0, sendsInHour: 0 };
    await collection('verification_destinations').insertMany([
      { ...destination, _id: 'dest-idle' as never, updatedAt: old },
      { ...destination, _id: 'dest-active' as never, updatedAt: new Date() },
      { _id: partitionListId(11) as never, kind: 'partition', live: '[]', updatedAt: old },
      { _id: retiredBatchId(11, 0) as never, kind: 'retire', closedAt: old, ids: '[]', destinations: '[]' },
      { _id: retiredBatchId(11, 1) as never, kind: 'retire', closedAt: new Date(), ids: '[]', destinations: '[]' },
    ]);
    const client = moduleRef.get<Connection>(getConnectionToken()).getClient();
    const deletes: string[] = [];
    const started = (event: { commandName: string }) => {
      if (event.commandName === 'delete') deletes.push('started');
    };
    const ended = (event: { commandName: string }) => {
      if (event.commandName === 'delete') deletes.push('ended');
    };
    client.on('commandStarted', started).on('commandSucceeded', ended).on('commandFailed', ended);
    try {
      expect(await repository.deleteBefore(cutoff, cutoff)).toBe(1);
    } finally {
      client.off('commandStarted', started).off('commandSucceeded', ended).off('commandFailed', ended);
    }

    // FerretDB scans the whole collection for each: two at once would take both cores from the traffic
    expect(deletes).toEqual(['started', 'ended', 'started', 'ended', 'started', 'ended']);
    expect(await repository.findById(endedOld._id)).toBeNull();
    expect(await repository.findById(endedRecently._id)).toEqual(endedRecently);
    expect(await repository.findById(pending._id)).toEqual(pending);
    const fences = await collection('verification_approvals').find({}).toArray();
    expect(fences.map((f) => f._id)).toEqual([endedRecently._id]);
    const kept = await collection('verification_destinations')
      .find({
        _id: {
          $in: [
            'dest-idle',
            'dest-active',
            partitionListId(11),
            retiredBatchId(11, 0),
            retiredBatchId(11, 1),
          ] as never[],
        },
      })
      .toArray();
    expect(kept.map((d) => d._id).sort()).toEqual(['dest-active', partitionListId(11), retiredBatchId(11, 1)].sort());
  });

  it('stores a retired batch with the live list that closes it, and deletes it by `_id` only, point by point', async () => {
    const old = new Date('2026-01-01T00:00:00.000Z');
    const cutoff = new Date('2026-06-01T00:00:00.000Z');
    const ended = [nextId(), nextId()].map((id) => ({
      ...verificationRecord(id),
      status: 'approved' as const,
      endedAt: old,
    }));
    const live = { ...verificationRecord(nextId()), status: 'pending' as const };
    for (const record of [...ended, live]) await repository.insert(record);
    const fenced = [ended[0]._id, ended[1]._id, live._id];
    await collection('verification_approvals').insertMany(
      fenced.map((id) => ({ _id: id as never, checkId: 'c', at: old })),
    );
    const destination = { kind: 'destination', tenantId: 't1', latestId: null, hour: 0, sendsInHour: 0 };
    await collection('verification_destinations').insertMany([
      { ...destination, _id: 'retired-idle' as never, updatedAt: old },
      { ...destination, _id: 'retired-used-since' as never, updatedAt: new Date() },
    ]);
    // a batch that lists a live record too: a record that is not ended is never deleted
    const batch: RetiredBatch = {
      seq: 0,
      closedAt: old,
      ids: [ended[0]._id, ended[1]._id, live._id],
      destinations: ['retired-idle', 'retired-used-since'],
    };
    const retirement = { ...emptyRetirement(), next: 1 };
    await repository.saveDestinationAndList(null, { partition: 12, live: [live._id], retirement, batch });
    expect(await repository.findLiveList(12)).toEqual({ live: [live._id], retirement });
    expect(await repository.findRetiredBatch(12, 0)).toEqual(batch);
    expect(await repository.findRetiredBatch(12, 1)).toBeNull();

    const client = moduleRef.get<Connection>(getConnectionToken()).getClient();
    const commands: { name: string; filters: unknown[] }[] = [];
    const started = (event: { commandName: string; command: Record<string, unknown> }) => {
      const statements = (event.command.deletes ?? []) as { q: unknown }[];
      if (event.commandName === 'delete') commands.push({ name: 'delete', filters: statements.map((d) => d.q) });
    };
    client.on('commandStarted', started);
    try {
      expect(await repository.deleteRetiredRecords(batch)).toBe(2);
      await repository.deleteRetiredBatch(12, batch, cutoff);
    } finally {
      client.off('commandStarted', started);
    }

    // three commands for the whole batch, every statement a point delete by `_id`: no scan on FerretDB v1
    expect(commands).toHaveLength(3);
    const filters = commands.flatMap((c) => c.filters) as { _id: unknown }[];
    expect(filters).toHaveLength(3 + 3 + 3);
    for (const filter of filters) expect(typeof filter._id).toBe('string');
    for (const record of ended) expect(await repository.findById(record._id)).toBeNull();
    expect(await repository.findById(live._id)).toEqual(live);
    const fences = await collection('verification_approvals')
      .find({ _id: { $in: fenced as never[] } })
      .toArray();
    expect(fences).toEqual([]);
    const destinations = await collection('verification_destinations')
      .find({ _id: { $in: ['retired-idle', 'retired-used-since', retiredBatchId(12, 0)] as never[] } })
      .toArray();
    expect(destinations.map((d) => d._id)).toEqual(['retired-used-since']);
  });
});

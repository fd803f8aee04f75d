import { Test, type TestingModule } from '@nestjs/testing';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { MetricsRegistry } from '@tessera/observability';
import { mongoTestModules } from '@tessera/testing';
import { DeliveryClaimRepository, type ClaimRequest } from './delivery-claim.repository';
import {
  DELIVERY_CLAIM_COLLECTION,
  DELIVERY_CLAIM_MODEL,
  DeliveryClaimSchema,
  claimCollectionOf,
  deliveryClaimId,
} from './delivery-claim.schema';
import { PROVIDER_MESSAGE_MODEL, ProviderMessageSchema } from './provider-message.schema';
import { ProviderMessageMap } from './provider-message-map';
import { ProviderMessageRepository } from './provider-message.repository';

const HOUR = 3_600_000;

/** The channel's collections on the real database (FerretDB in the local stack), with their command cost. */
describe('delivery claims and provider message pointers', () => {
  let moduleRef: TestingModule;
  let claims: DeliveryClaimRepository;
  let metrics: MetricsRegistry;
  let n = 0;

  const commands = async (): Promise<Record<string, number>> => {
    const metric = await metrics.registry.getSingleMetric('tessera_db_commands_total')!.get();
    return Object.fromEntries(metric.values.map((v) => [String(v.labels.command), v.value]));
  };
  const commandsDuring = async (work: () => Promise<unknown>): Promise<Record<string, number>> => {
    const before = await commands();
    await work();
    const after = await commands();
    return Object.fromEntries(
      Object.entries(after)
        .map(([name, count]) => [name, count - (before[name] ?? 0)] as const)
        .filter(([, delta]) => delta > 0),
    );
  };
  const claim = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
    tenantId: 'acme',
    verificationId: `vf_${String(++n).padStart(32, '0')}`,
    attempt: 1,
    try: 1,
    channel: 'sms',
    provider: 'twilio',
    expiresAt: new Date(Date.now() + 300_000),
    ...overrides,
  });

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ...mongoTestModules('int_channel_kit'),
        MongooseModule.forFeature([
          { name: DELIVERY_CLAIM_MODEL, schema: DeliveryClaimSchema },
          { name: PROVIDER_MESSAGE_MODEL, schema: ProviderMessageSchema },
        ]),
      ],
      providers: [DeliveryClaimRepository, ProviderMessageRepository, ProviderMessageMap],
    }).compile();
    await moduleRef.init();
    claims = moduleRef.get(DeliveryClaimRepository);
    metrics = moduleRef.get(MetricsRegistry);
  });

  afterAll(async () => {
    await moduleRef.get<Connection>(getConnectionToken()).dropDatabase();
    await moduleRef.close();
  });

  it('lets exactly one of 20 concurrent claims of a try win, with one insert each', async () => {
    const same = claim();
    let results: boolean[] = [];
    const cost = await commandsDuring(async () => {
      results = await Promise.all(Array.from({ length: 20 }, () => claims.claim(same)));
    });
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(cost).toEqual({ insert: 20 });
    expect(await claims.claim({ ...same, try: 2 })).toBe(true);
    expect(await claims.claim({ ...same, try: 2 })).toBe(false);
    expect(await claims.claim({ ...same, attempt: 2 })).toBe(true);
  });

  it('keeps the claims of each hour in a collection of their own, and drops the collections of the hours past retention', async () => {
    const now = Date.now();
    const old = claim({ expiresAt: new Date(now - 30 * HOUR) });
    const recent = claim({ expiresAt: new Date(now - 2 * HOUR) });
    await claims.claim(old);
    await claims.claim(recent);
    const connection = moduleRef.get<Connection>(getConnectionToken());
    const stored = (name: string) => connection.collection(name).countDocuments({});
    expect(await stored(claimCollectionOf(old.expiresAt))).toBe(1);
    expect(await stored(claimCollectionOf(recent.expiresAt))).toBe(1);
    // claims stored before, in the single collection: emptied by a range on _id, then dropped
    const earlier = (expiresAt: Date) => ({ _id: deliveryClaimId(expiresAt, old.verificationId, 1, 1) as never });
    await connection.collection(DELIVERY_CLAIM_COLLECTION).insertMany([earlier(old.expiresAt)]);

    const cost = await commandsDuring(async () => {
      expect(await claims.deleteExpiredBefore(new Date(now - 24 * HOUR))).toBe(2);
    });
    const names = (await connection.listCollections()).map((c) => c.name);
    expect(names).not.toContain(claimCollectionOf(old.expiresAt));
    expect(names).not.toContain(DELIVERY_CLAIM_COLLECTION);
    expect(names).toContain(claimCollectionOf(recent.expiresAt));
    expect(await claims.claim(recent)).toBe(false);
    expect(cost).toEqual({ listCollections: 1, drop: 2, delete: 1, count: 1 });

    // with no earlier collection left, a sweep costs one command and drops what is past
    const sweep = await commandsDuring(async () => {
      expect(await claims.deleteExpiredBefore(new Date(now - 24 * HOUR))).toBe(0);
    });
    expect(sweep).toEqual({ listCollections: 1 });
  });

  it('answers a receipt from memory at no cost, and from one read by _id after a restart', async () => {
    const ref = { tenantId: 'acme', verificationId: `vf_${'9'.repeat(32)}`, attempt: 2, requestedAt: new Date(1000) };
    const map = moduleRef.get(ProviderMessageMap);
    const writing = await commandsDuring(() => map.remember('smpp', 'smsc-1', ref));
    expect(writing).toEqual({ update: 1 });
    const fromMemory = await commandsDuring(async () => expect(await map.find('smpp', 'smsc-1')).toEqual(ref));
    expect(fromMemory).toEqual({});
    const restarted = new ProviderMessageMap(moduleRef.get(ProviderMessageRepository));
    const fromDatabase = await commandsDuring(async () => expect(await restarted.find('smpp', 'smsc-1')).toEqual(ref));
    expect(fromDatabase).toEqual({ find: 1 });
    expect(await restarted.find('smpp', 'unknown')).toBeNull();
  });

  it('creates the retention index it declares and deletes pointers sent before the cut-off', async () => {
    const repository = moduleRef.get(ProviderMessageRepository);
    await repository.createIndexes();
    const ref = { tenantId: 'acme', verificationId: `vf_${'8'.repeat(32)}`, attempt: 1, requestedAt: new Date() };
    await repository.remember('smpp', 'smsc-old', ref, new Date(Date.now() - 30 * HOUR));
    await repository.remember('smpp', 'smsc-new', ref, new Date());
    expect(await repository.deleteSentBefore(new Date(Date.now() - 24 * HOUR))).toBe(1);
    expect(await repository.find('smpp', 'smsc-old')).toBeNull();
    expect(await repository.find('smpp', 'smsc-new')).toEqual(ref);
  });
});

import type { BusPublisher } from '@tessera/messaging';
import type { MetricsRegistry } from '@tessera/observability';
import { strictMock } from '@tessera/testing';
import type { OtpServiceEnv } from '../config/otp-service.config';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import type { PartitionLanes } from '../partitions/partition-lanes';
import type { VerificationTimers } from '../timers/verification.timers';
import type { DestinationRecord } from './destination.schema';
import { RetiredRecords } from './retired-records';
import { RETIRE_BATCH_SIZE } from './retirement';
import type { PartitionListWrite, VerificationRepository } from './verification.repository';
import type { OutboxEntry, VerificationRecord } from './verification.schema';
import { VerificationStore } from './verification.store';

const config = {
  OUTBOX_INLINE_PUBLISH: true,
  OUTBOX_RELAY_INTERVAL_MS: 1000,
  WORKING_SET_MAX_RECORDS: 100,
  RETENTION_DAYS: 30,
};

function event(id: string, type: string): OutboxEntry {
  return { topic: 'otp.events', envelope: { eventId: `${id}-${type}`, type } as OutboxEntry['envelope'] };
}

function pending(id: string): VerificationRecord {
  return {
    _id: id,
    tenantId: 'acme',
    destinationKey: `d-${id}`,
    partition: 0,
    status: 'pending',
    deliveries: [],
    checks: [],
    outbox: [event(id, 'OtpRequested')],
    version: 1,
  } as unknown as VerificationRecord;
}

/**
 * A store over a repository that keeps what it was given (and may lose the answer to a replace it carried out),
 * and a bus that takes every event at once.
 */
function storeWithRepository() {
  const written: VerificationRecord[] = [];
  const lists: PartitionListWrite[] = [];
  const answers = { loseNext: false, failNextInsert: false };
  const repository = strictMock<VerificationRepository>('repository', {
    saveDestinationAndList: async (_: DestinationRecord | null, list: PartitionListWrite | null) =>
      void (list && lists.push(structuredClone(list))),
    insert: async (record: VerificationRecord) => {
      if (answers.failNextInsert) {
        answers.failNextInsert = false;
        throw new Error('connection refused');
      }
      written.push(structuredClone(record));
      if (!answers.loseNext) return;
      answers.loseNext = false;
      throw new Error('connection closed before the answer');
    },
    replace: async (record: VerificationRecord) => {
      written.push(structuredClone(record));
      if (!answers.loseNext) return;
      answers.loseNext = false;
      throw new Error('connection closed before the answer');
    },
    findById: async (id: string) => structuredClone(written.filter((r) => r._id === id).at(-1) ?? null),
  });
  const lanes = strictMock<PartitionLanes>('lanes', {
    owns: () => true,
    ownedPartitions: () => [0],
    serialize: <T>(_: number, work: () => Promise<T>) => work(),
  });
  const bus = strictMock<BusPublisher>('bus', { publish: async () => undefined });
  const metrics = strictMock<MetricsRegistry>('metrics');
  const outbox = new OutboxPublisher(config as OtpServiceEnv, bus, metrics);
  const timers = strictMock<VerificationTimers>('timers', { track: () => undefined });
  const retired = new RetiredRecords(config as OtpServiceEnv, repository);
  const store = new VerificationStore(config as OtpServiceEnv, repository, lanes, outbox, timers, metrics, retired);
  return { store, written, lists, bus, answers };
}

const published = () => new Promise((resolve) => setImmediate(resolve));
const destination = (key: string) => ({ _id: key }) as DestinationRecord;

describe('VerificationStore', () => {
  it('writes a late receipt of an ended record without the events it published (they left the live list with it)', async () => {
    const { store, written, bus } = storeWithRepository();
    await store.create(pending('vf_a'), destination('d-a'));
    await published();

    const created = (await store.load('vf_a'))!;
    const approved = structuredClone(created);
    approved.status = 'approved';
    approved.outbox.push(event('vf_a', 'OtpVerified'));
    await store.save(created, approved);
    await published();
    expect(bus.publish).toHaveBeenCalledTimes(2);
    expect(written.at(-1)!.outbox.map((e) => e.envelope.type)).toEqual(['OtpVerified']);

    // another verification of the partition trims the live list: the ended one leaves it
    await store.create(pending('vf_b'), destination('d-b'));
    await published();

    const ended = (await store.load('vf_a'))!;
    const receipt = structuredClone(ended);
    receipt.deliveries.push({ attempt: 1, status: 'delivered' } as VerificationRecord['deliveries'][number]);
    await store.save(ended, receipt);
    expect(written.at(-1)).toMatchObject({ _id: 'vf_a', version: 3, outbox: [] });
    expect(bus.publish).toHaveBeenCalledTimes(3);
  });

  it('hands the records that leave the live list to the retirement in the same write, in batches', async () => {
    const { store, lists } = storeWithRepository();
    const ended = async (id: string) => {
      await store.create(pending(id), destination(`d-${id}`));
      await published();
      const created = (await store.load(id))!;
      await store.save(created, { ...structuredClone(created), status: 'canceled', outbox: [] });
    };
    for (let n = 0; n < RETIRE_BATCH_SIZE; n++) await ended(`vf_${n}`);
    // the last one is still in the live list: only the ones before it ended into the retirement
    const beforeBatch = lists.at(-1)!;
    expect(beforeBatch.batch).toBeNull();
    expect(beforeBatch.retirement!.pending).toEqual([...Array(RETIRE_BATCH_SIZE - 1).keys()].map((n) => `vf_${n}`));
    expect(beforeBatch.live).toEqual([`vf_${RETIRE_BATCH_SIZE - 1}`]);

    await store.create(pending('vf_next'), destination('d-vf_next'));
    const closing = lists.at(-1)!;
    const ids = [...Array(RETIRE_BATCH_SIZE).keys()].map((n) => `vf_${n}`);
    expect(closing.batch).toMatchObject({ seq: 0, ids, destinations: ids.map((id) => `d-${id}`) });
    expect(closing.retirement).toMatchObject({ next: 1, pending: [], pendingSince: null });
    expect(closing.live).toEqual(['vf_next']);
    expect(lists.filter((l) => l.batch)).toHaveLength(1);
  });

  describe('after a write that failed (it may have landed: the database went away before answering)', () => {
    const approveLosingTheAnswer = async () => {
      const setup = storeWithRepository();
      await setup.store.create(pending('vf_a'), destination('d-a'));
      await published();
      const created = (await setup.store.load('vf_a'))!;
      const approved = structuredClone(created);
      approved.status = 'approved';
      approved.outbox.push(event('vf_a', 'OtpVerified'));
      setup.answers.loseNext = true;
      await expect(setup.store.save(created, approved)).rejects.toThrow('connection closed');
      await published();
      expect(publishedTypes(setup.bus)).toEqual(['OtpRequested']);
      return setup;
    };
    const publishedTypes = (bus: BusPublisher) =>
      jest.mocked(bus.publish).mock.calls.map(([, envelope]) => (envelope as { type: string }).type);

    it('reads the record as stored on its next use, and publishes the events that write carried', async () => {
      const { store, bus } = await approveLosingTheAnswer();
      await expect(store.load('vf_a')).resolves.toMatchObject({ status: 'approved', version: 2 });
      await published();
      expect(publishedTypes(bus)).toEqual(['OtpRequested', 'OtpVerified']);
    });

    it('publishes them on the partition tick when nothing asks for the record again', async () => {
      const { store, bus } = await approveLosingTheAnswer();
      await store.onApplicationShutdown();
      expect(publishedTypes(bus)).toEqual(['OtpRequested', 'OtpVerified']);
    });

    it('sends the code of a created record whose insert landed: the partition tick loads it', async () => {
      const { store, bus, answers, lists } = storeWithRepository();
      answers.loseNext = true;
      await expect(store.create(pending('vf_a'), destination('d-a'))).rejects.toThrow('connection closed');
      await published();
      expect(publishedTypes(bus)).toEqual([]);
      await store.onApplicationShutdown();
      expect(publishedTypes(bus)).toEqual(['OtpRequested']);
      await store.create(pending('vf_b'), destination('d-b'));
      expect(lists.at(-1)!.live).toEqual(['vf_a', 'vf_b']);
    });

    it('drops from the live list a created record whose insert never landed', async () => {
      const { store, bus, answers, lists } = storeWithRepository();
      answers.failNextInsert = true;
      await expect(store.create(pending('vf_a'), destination('d-a'))).rejects.toThrow('connection refused');
      expect(lists.at(-1)!.live).toEqual(['vf_a']);
      await store.onApplicationShutdown();
      await store.create(pending('vf_b'), destination('d-b'));
      expect(lists.at(-1)!.live).toEqual(['vf_b']);
      await published();
      expect(publishedTypes(bus)).toEqual(['OtpRequested']);
    });
  });
});

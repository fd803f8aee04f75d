import { RETIRE_BATCH_SIZE, batchIsDue, emptyRetirement, parseRetirement, retire, type Retirement } from './retirement';

const ended = (n: number, destination = `d${n}`) => ({ _id: `vf_${n}`, destinationKey: destination });
const WAIT = 60_000;

describe('retirement', () => {
  it('gathers ended records, each destination once, until a batch is full', () => {
    let state = emptyRetirement();
    ({ state } = retire(state, [ended(1, 'dx'), ended(2, 'dx')], 1000, WAIT));
    expect(state).toEqual({
      next: 0,
      recordsSwept: 0,
      swept: 0,
      pending: ['vf_1', 'vf_2'],
      pendingDestinations: ['dx'],
      pendingSince: 1000,
    });
    const rest = [...Array(RETIRE_BATCH_SIZE - 2).keys()].map((n) => ended(n + 3));
    const { state: after, batch } = retire(state, rest, 2000, WAIT);
    expect(batch).toEqual({
      seq: 0,
      closedAt: new Date(2000),
      ids: ['vf_1', 'vf_2', ...rest.map((r) => r._id)],
      destinations: ['dx', ...rest.map((r) => r.destinationKey)],
    });
    expect(after).toEqual({ ...emptyRetirement(), next: 1 });
  });

  it('closes a batch when its first record has waited long enough, even with nothing new', () => {
    const { state } = retire(emptyRetirement(), [ended(1)], 1000, WAIT);
    expect(batchIsDue(state, 1000 + WAIT - 1, WAIT)).toBe(false);
    expect(batchIsDue(state, 1000 + WAIT, WAIT)).toBe(true);
    expect(retire(state, [], 1000 + WAIT - 1, WAIT).batch).toBeNull();
    const { state: after, batch } = retire(state, [], 1000 + WAIT, WAIT);
    expect(batch).toEqual({ seq: 0, closedAt: new Date(1000 + WAIT), ids: ['vf_1'], destinations: ['d1'] });
    expect(after.next).toBe(1);
    expect(batchIsDue(emptyRetirement(), Number.MAX_SAFE_INTEGER, WAIT)).toBe(false);
  });

  it('reads the retirement stored with a live list, an empty one for a list stored before, and refuses a malformed one', () => {
    const stored: Retirement = { ...emptyRetirement(), next: 7, recordsSwept: 5, swept: 4, pending: ['vf_1'] };
    expect(parseRetirement(JSON.stringify(stored))).toEqual(stored);
    expect(parseRetirement(undefined)).toEqual(emptyRetirement());
    expect(() => parseRetirement(JSON.stringify({ ...stored, next: -1 }))).toThrow();
  });
});

import { SendPool } from './send-pool';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('SendPool', () => {
  it('starts tasks without waiting for them, and makes the caller wait only while the pool is full', async () => {
    const pool = new SendPool(2);
    const first = gate();
    const second = gate();
    await pool.start(() => first.opened);
    await pool.start(() => second.opened);
    let thirdStarted = false;
    const third = pool.start(async () => void (thirdStarted = true));
    expect(pool.size).toBe(2);
    first.open();
    await third;
    expect(thirdStarted).toBe(true);
    second.open();
    await pool.drain();
    expect(pool.size).toBe(0);
  });

  it('runs a task inside its caller once draining, so nothing starts after the drain returned', async () => {
    const pool = new SendPool(2);
    const running = gate();
    await pool.start(() => running.opened);
    const drained = pool.drain();
    let late = false;
    await pool.start(async () => void (late = true));
    expect(late).toBe(true);
    running.open();
    await drained;
  });
});

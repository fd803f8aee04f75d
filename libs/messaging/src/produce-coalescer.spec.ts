import type { ProducerBatch } from 'kafkajs';
import { ProduceCoalescer } from './produce-coalescer';

function fakeProducer() {
  const batches: ProducerBatch[] = [];
  const releases: Array<(error?: Error) => void> = [];
  const producer = {
    sendBatch: jest.fn(
      (batch: ProducerBatch) =>
        new Promise<never[]>((resolve, reject) => {
          batches.push(batch);
          releases.push((error) => (error ? reject(error) : resolve([])));
        }),
    ),
  };
  const released = async (error?: Error) => {
    releases.shift()!(error);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const onWire = () => batches.map((b) => b.topicMessages!.map((t) => [t.topic, t.messages.map((m) => m.value)]));
  return { producer, released, onWire };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('ProduceCoalescer', () => {
  it('sends what is asked for while a request is on the wire in one next request, in order, grouped by topic', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer, 1);
    const first = coalescer.send('a', { value: '1' });
    await settled();
    const rest = [
      coalescer.send('b', { value: '2' }),
      coalescer.send('a', { value: '3' }),
      coalescer.send('b', { value: '4' }),
    ];
    await settled();
    expect(onWire()).toEqual([[['a', ['1']]]]);
    await released();
    await first;
    expect(onWire()).toEqual([
      [['a', ['1']]],
      [
        ['b', ['2', '4']],
        ['a', ['3']],
      ],
    ]);
    await released();
    await Promise.all(rest);
    expect(producer.sendBatch).toHaveBeenCalledTimes(2);
  });

  it('shares one request among the messages asked for in the same turn of the event loop', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer, 1);
    const sends = [coalescer.send('a', { value: '1' }), coalescer.send('a', { value: '2' })];
    await settled();
    await released();
    await Promise.all(sends);
    expect(onWire()).toEqual([[['a', ['1', '2']]]]);
  });

  it('shares one request among messages asked for promise steps apart in one turn (a reply and its events)', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer);
    const reply = coalescer.send('otp.verify.reply', { value: 'reply' });
    const events = (async () => {
      for (let step = 0; step < 5; step++) await Promise.resolve();
      await Promise.all([coalescer.send('otp.verified', { value: 'v' }), coalescer.send('otp.events', { value: 'l' })]);
    })();
    await settled();
    expect(onWire()).toEqual([
      [
        ['otp.verify.reply', ['reply']],
        ['otp.verified', ['v']],
        ['otp.events', ['l']],
      ],
    ]);
    await released();
    await Promise.all([reply, events]);
  });

  it('fails every message of a failed request, and sends the next ones afterwards', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer, 1);
    const failing = coalescer.send('a', { value: '1' });
    await settled();
    const next = coalescer.send('a', { value: '2' });
    const refused = expect(failing).rejects.toThrow('broker gone');
    await released(new Error('broker gone'));
    await refused;
    await released();
    await expect(next).resolves.toBeUndefined();
    expect(onWire()).toEqual([[['a', ['1']]], [['a', ['2']]]]);
  });

  it('starts a new request for a message asked for after the queue ran dry, and idle() waits for it', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer, 1);
    const one = coalescer.send('a', { value: '1' });
    await settled();
    await released();
    await one;
    const two = coalescer.send('a', { value: '2' });
    let idle = false;
    const waited = coalescer.idle().then(() => (idle = true));
    await settled();
    expect(idle).toBe(false);
    await released();
    await Promise.all([two, waited]);
    expect(onWire()).toEqual([[['a', ['1']]], [['a', ['2']]]]);
  });

  it('splits a long queue into requests of at most maxBatch messages', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer, 1, 2);
    const sends = ['1', '2', '3'].map((value) => coalescer.send('a', { value }));
    await settled();
    await released();
    await released();
    await Promise.all(sends);
    expect(onWire()).toEqual([[['a', ['1', '2']]], [['a', ['3']]]]);
  });

  it('keeps up to maxInFlight requests on the wire, the rest waiting for the next one', async () => {
    const { producer, released, onWire } = fakeProducer();
    const coalescer = new ProduceCoalescer(producer, 2);
    const first = coalescer.send('a', { value: '1' });
    await settled();
    const second = coalescer.send('a', { value: '2' });
    await settled();
    const rest = [coalescer.send('a', { value: '3' }), coalescer.send('a', { value: '4' })];
    await settled();
    expect(onWire()).toEqual([[['a', ['1']]], [['a', ['2']]]]);
    await released();
    await first;
    expect(onWire()[2]).toEqual([['a', ['3', '4']]]);
    await released();
    await released();
    await Promise.all([second, ...rest]);
    expect(producer.sendBatch).toHaveBeenCalledTimes(3);
  });
});

import { Socket, type SocketConnectOpts } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { createKafka } from './kafka-factory';

const BROKERS = ['127.0.0.1:9092'];

/** The sockets a client opened to the broker while it connected and read the cluster, and which had Nagle off. */
async function socketsOf(kafka: Kafka): Promise<{ opened: number; noDelay: number }> {
  const opened = new Set<Socket>();
  const noDelay = new Set<Socket>();
  const connect = Socket.prototype.connect;
  const setNoDelay = Socket.prototype.setNoDelay;
  const connectSpy = jest.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args) {
    // net.connect hands the socket its arguments normalised as one array, [options, listener]
    const first = args[0] as unknown;
    const options = (Array.isArray(first) ? first[0] : first) as SocketConnectOpts & { port?: number };
    if (typeof options === 'object' && Number(options.port) === 9092) opened.add(this);
    return (connect as (...a: unknown[]) => Socket).apply(this, args);
  });
  const noDelaySpy = jest.spyOn(Socket.prototype, 'setNoDelay').mockImplementation(function (this: Socket, on) {
    if (on !== false) noDelay.add(this);
    return setNoDelay.call(this, on);
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    await admin.listTopics();
  } finally {
    await admin.disconnect();
    connectSpy.mockRestore();
    noDelaySpy.mockRestore();
  }
  return { opened: opened.size, noDelay: [...opened].filter((s) => noDelay.has(s)).length };
}

describe('createKafka against the real broker', () => {
  it("opens every broker connection with Nagle's algorithm off (TCP_NODELAY), where kafkajs alone leaves it on", async () => {
    const plain = await socketsOf(
      new Kafka({ clientId: 'nodelay-spec', brokers: BROKERS, logLevel: logLevel.NOTHING }),
    );
    const ours = await socketsOf(createKafka({ clientId: 'nodelay-spec', brokers: BROKERS }));
    expect(plain.opened).toBeGreaterThan(0);
    expect(plain.noDelay).toBe(0);
    expect(ours.opened).toBeGreaterThan(0);
    expect(ours.noDelay).toBe(ours.opened);
  });
});

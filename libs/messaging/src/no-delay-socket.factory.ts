import { connect, isIP } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** kafkajs's own keep-alive probe delay. */
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs's socket factory with Nagle's algorithm off (TCP_NODELAY), as Kafka's Java client, its broker and
 * librdkafka (by default since 2025) set it. With it on, a request written while an earlier one on the same
 * connection is still unacknowledged (a produce behind a produce, a heartbeat behind a waiting fetch) waits in the
 * kernel for that ACK, which the peer's delayed ACK can hold for up to 40 ms on a real network.
 */
export const noDelaySocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? connectTls({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
    : connect({ host, port }, onConnect);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  return socket;
};

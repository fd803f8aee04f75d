import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { isInfrastructureOutage } from './retry-policy';

describe('isInfrastructureOutage', () => {
  const refused = () => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');

  it('sees a broker that cannot be reached, also when kafkajs gave up on it with a NonRetriableError around it', () => {
    expect(isInfrastructureOutage(refused())).toBe(true);
    const exhausted = new KafkaJSNumberOfRetriesExceeded(refused(), { retryCount: 5, retryTime: 3000 });
    expect(isInfrastructureOutage(exhausted)).toBe(true);
    // what a produce to a stopped broker ends with: the outer retrier wraps the inner one's failure
    const gaveUp = Object.assign(new KafkaJSNonRetriableError(exhausted), { cause: refused() });
    expect(gaveUp.name).toBe('KafkaJSNonRetriableError');
    expect(isInfrastructureOutage(gaveUp)).toBe(true);
  });

  it('does not take a refusal by a working broker, or a bug, for an outage', () => {
    const protocol = new KafkaJSProtocolError({
      message: 'This server does not host this topic-partition',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: false,
    } as never);
    expect(isInfrastructureOutage(Object.assign(new KafkaJSNonRetriableError(protocol), { cause: protocol }))).toBe(
      false,
    );
    expect(isInfrastructureOutage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isInfrastructureOutage('ECONNREFUSED')).toBe(false);
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogLevel } from './request-log-level';

const req = {} as IncomingMessage;
const res = (statusCode: number) => ({ statusCode }) as ServerResponse;

describe('requestLogLevel', () => {
  it('writes a successful request at debug only when the service logs at debug or finer', () => {
    expect(requestLogLevel('debug')(req, res(201))).toBe('debug');
    expect(requestLogLevel('trace')(req, res(200))).toBe('debug');
    expect(requestLogLevel('info')(req, res(201))).toBe('silent');
    expect(requestLogLevel('warn')(req, res(304))).toBe('silent');
  });

  it('writes a refused request at info and a failed one at error, whatever the service level', () => {
    for (const level of ['debug', 'info']) {
      expect(requestLogLevel(level)(req, res(401))).toBe('info');
      expect(requestLogLevel(level)(req, res(429))).toBe('info');
      expect(requestLogLevel(level)(req, res(503))).toBe('error');
      expect(requestLogLevel(level)(req, res(200), new Error('boom'))).toBe('error');
    }
  });
});

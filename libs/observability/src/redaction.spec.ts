import pino from 'pino';
import { Writable } from 'node:stream';
import { REDACTED_LOG_PATHS, maskDestination, maskUrlDestinations } from './redaction';

describe('log redaction', () => {
  it('replaces codes, sealed codes, destinations, secrets and credentials before a line is written', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const logger = pino({ redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      code: '48151623',
      payload: { to: '+447911123456', sealedCode: { ct: 'abc' }, code: '99887766' },
      req: { headers: { authorization: 'Bearer tsk_secret', 'x-admin-token': 'admin-secret' } },
      busSecret: 'bus-secret',
    });
    const line = lines.join('');
    for (const secret of ['48151623', '99887766', '+447911123456', 'abc', 'tsk_secret', 'admin-secret', 'bus-secret']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
  });

  it('masks destinations enough to correlate, not to contact', () => {
    expect(maskDestination('+447911123456')).toBe('+4479*****456');
    expect(maskDestination('alice@example.com')).toBe('al***@example.com');
  });

  it('masks destinations in request URL paths (a fetch by To), and nothing else', () => {
    const service = `VA${'a'.repeat(32)}`;
    expect(maskUrlDestinations(`/v2/Services/${service}/Verifications/+447911123456`)).toBe(
      `/v2/Services/${service}/Verifications/${encodeURIComponent('+4479*****456')}`,
    );
    expect(maskUrlDestinations('/v2/Services/x/Verifications/alice%40example.com?a=1')).toBe(
      `/v2/Services/x/Verifications/${encodeURIComponent('al***@example.com')}?a=1`,
    );
    expect(maskUrlDestinations(`/v1/verifications/vf_${'0'.repeat(32)}/check`)).toBe(
      `/v1/verifications/vf_${'0'.repeat(32)}/check`,
    );
    expect(maskUrlDestinations('/v2/Services?PageSize=2&Page=1')).toBe('/v2/Services?PageSize=2&Page=1');
  });

  it('masks characters outside the BMP whole, so a masked segment can always be encoded again', () => {
    // Schemathesis' path: `v`, U+EE159, `@`, U+487EE, `¬`; cutting by UTF-16 units left a lone surrogate
    const segment = 'v%F3%AE%85%99%40%F1%88%9F%AE%C2%AC';
    expect(maskDestination(decodeURIComponent(segment))).toBe('v***@\u{487EE}¬');
    expect(maskUrlDestinations(`/v1/verifications/${segment}/check`)).toBe(
      `/v1/verifications/v***${encodeURIComponent('@\u{487EE}¬')}/check`,
    );
    expect(maskDestination('\u{1F600}\u{1F601}\u{1F602}\u{1F603}\u{1F604}\u{1F605}\u{1F606}\u{1F607}\u{1F608}')).toBe(
      '\u{1F600}\u{1F601}\u{1F602}\u{1F603}\u{1F604}*\u{1F606}\u{1F607}\u{1F608}',
    );
  });
});

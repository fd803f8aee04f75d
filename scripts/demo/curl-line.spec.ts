import { execFileSync } from 'node:child_process';
import { curlLine, shellQuote } from './curl-line';

/** The words bash makes of a line, with `curl` replaced by a function that prints its arguments one per line. */
const wordsBashSees = (line: string, env: Record<string, string> = {}): string[] =>
  execFileSync('bash', ['-c', `curl() { printf '%s\\n' "$@"; }; ${line}`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  })
    .split('\n')
    .slice(0, -1);

describe('curlLine', () => {
  it('prints a GET as curl -s URL with its headers', () => {
    expect(
      curlLine({
        method: 'GET',
        url: 'http://127.0.0.1:3000/v1/verifications/vf_1',
        headers: [{ name: 'Authorization', value: 'Bearer tsk_1' }],
      }),
    ).toBe("curl -s http://127.0.0.1:3000/v1/verifications/vf_1 -H 'Authorization: Bearer tsk_1'");
  });

  it('quotes every word so bash hands curl exactly the request, quotes and query strings included', () => {
    const body = JSON.stringify({ to: "+44 7911 O'Brien", note: 'a $HOME `x` "y" \\ z' });
    const url = 'http://127.0.0.1:4000/api/messages?to=%2B447911120013&channel=sms';
    const line = curlLine({
      method: 'POST',
      url,
      headers: [{ name: 'content-type', value: 'application/json' }],
      body,
    });
    expect(wordsBashSees(line)).toEqual(['-s', '-X', 'POST', url, '-H', 'content-type: application/json', '-d', body]);
  });

  it('prints a secret header as a shell variable, which bash fills in', () => {
    const line = curlLine({
      method: 'POST',
      url: 'http://127.0.0.1:3000/admin/tenants',
      headers: [{ name: 'X-Admin-Token', value: 'the-real-token', asVariable: 'ADMIN_TOKEN' }],
    });
    expect(line).toBe('curl -s -X POST http://127.0.0.1:3000/admin/tenants -H "X-Admin-Token: $ADMIN_TOKEN"');
    expect(line).not.toContain('the-real-token');
    expect(wordsBashSees(line, { ADMIN_TOKEN: 'from-env' })).toContain('X-Admin-Token: from-env');
  });

  it('leaves plain words unquoted', () => {
    expect(shellQuote('http://127.0.0.1:3000/v1/verifications')).toBe('http://127.0.0.1:3000/v1/verifications');
    expect(shellQuote('a b')).toBe("'a b'");
  });
});

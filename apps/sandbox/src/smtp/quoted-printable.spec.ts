import { decodeQuotedPrintable } from './quoted-printable';

describe('decodeQuotedPrintable', () => {
  const decode = (input: string): string => decodeQuotedPrintable(input).toString('utf8');

  it('turns =XX into bytes, UTF-8 sequences included', () => {
    expect(decode('C=C3=B3digo =E2=9C=93')).toBe('Código ✓');
    expect(decode('a=3Db')).toBe('a=b');
  });

  it('joins soft line breaks and keeps hard ones as CRLF', () => {
    expect(decode('Your code is 12=\r\n3456\r\nThanks')).toBe('Your code is 123456\r\nThanks');
    expect(decode('one=\ntwo')).toBe('onetwo');
  });

  it('drops trailing whitespace a transport added, keeps encoded whitespace', () => {
    expect(decode('end   \r\nnext=20\r\n')).toBe('end\r\nnext \r\n');
  });

  it('keeps a malformed = sequence as it is', () => {
    expect(decode('100=ZZ%')).toBe('100=ZZ%');
  });

  it('treats lower-case hex as hex', () => {
    expect(decode('=c3=a9')).toBe('é');
  });
});

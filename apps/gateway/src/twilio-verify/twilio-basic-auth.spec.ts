import { parseBasicAuth } from './twilio-basic-auth';

const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

describe('HTTP Basic credentials', () => {
  it('reads the user and the password, which may hold colons', () => {
    expect(parseBasicAuth(basic('ACabc:tok:en'))).toEqual({ username: 'ACabc', password: 'tok:en' });
    expect(parseBasicAuth(`basic ${Buffer.from('SK1:s').toString('base64')}`)).toEqual({
      username: 'SK1',
      password: 's',
    });
  });

  it.each([
    ['no header', undefined],
    ['a bearer token', 'Bearer tsk_1'],
    ['no colon', basic('ACabc')],
    ['an empty user', basic(':secret')],
    ['not base64', 'Basic !!!'],
  ])('refuses %s', (_what, header) => expect(parseBasicAuth(header)).toBeNull());

  it('takes an empty password (the authenticator then refuses it)', () => {
    expect(parseBasicAuth(basic('ACabc:'))).toEqual({ username: 'ACabc', password: '' });
  });
});

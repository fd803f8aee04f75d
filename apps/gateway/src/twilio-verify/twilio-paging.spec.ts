import { ZodError } from 'zod';
import { pageMeta, parsePageQuery } from './twilio-paging';

describe("Twilio's paging", () => {
  it('reads Page and PageSize, 0 and 50 by default', () => {
    expect(parsePageQuery({})).toEqual({ page: 0, pageSize: 50 });
    expect(parsePageQuery({ Page: '2', PageSize: '20', PageToken: 'PAxyz' })).toEqual({ page: 2, pageSize: 20 });
  });

  it.each([{ PageSize: '0' }, { PageSize: '1001' }, { Page: '-1' }, { Page: 'x' }])('refuses %o', (query) => {
    expect(() => parsePageQuery(query)).toThrow(ZodError);
  });

  it('builds meta with absolute first, previous, current and next page URLs', () => {
    const list = 'http://gw/v2/Services';
    expect(pageMeta(list, 'services', { page: 1, pageSize: 2 }, true)).toEqual({
      page: 1,
      page_size: 2,
      first_page_url: `${list}?PageSize=2&Page=0`,
      previous_page_url: `${list}?PageSize=2&Page=0`,
      url: `${list}?PageSize=2&Page=1`,
      next_page_url: `${list}?PageSize=2&Page=2`,
      key: 'services',
    });
  });

  it('has no previous page on the first and no next page on the last', () => {
    const meta = pageMeta('http://gw/v2/Services', 'services', { page: 0, pageSize: 50 }, false);
    expect(meta.previous_page_url).toBeNull();
    expect(meta.next_page_url).toBeNull();
  });
});

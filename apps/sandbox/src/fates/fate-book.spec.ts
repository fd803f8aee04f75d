import { FateBook } from './fate-book';

describe('FateBook', () => {
  const verdicts = (book: FateBook, provider: string, to: string, times: number): string[] =>
    Array.from({ length: times }, () => book.decide('sms', provider, to).verdict);

  it('answers a flaky number error, error, then accept, and starts over after the success', () => {
    const book = new FateBook({ slowDelayMs: 0 });
    expect(verdicts(book, 'twilio', '+15550000005', 6)).toEqual([
      'error',
      'error',
      'accept',
      'error',
      'error',
      'accept',
    ]);
  });

  it('counts per provider and per destination', () => {
    const book = new FateBook({ slowDelayMs: 0 });
    expect(verdicts(book, 'twilio', '+15550000005', 2)).toEqual(['error', 'error']);
    expect(verdicts(book, 'smpp', '+15550000005', 1)).toEqual(['error']);
    expect(verdicts(book, 'twilio', '+15551110005', 1)).toEqual(['error']);
    expect(verdicts(book, 'twilio', '1 555 000 0005', 1)).toEqual(['accept']);
  });

  it('counts email addresses ignoring case', () => {
    const book = new FateBook({ slowDelayMs: 0 });
    expect(book.decide('email', 'smtp', 'flaky@x.test').verdict).toBe('error');
    expect(book.decide('email', 'smtp', 'FLAKY@x.test').verdict).toBe('error');
    expect(book.decide('email', 'smtp', 'Flaky@X.test').verdict).toBe('accept');
  });

  it('starts every count again after reset', () => {
    const book = new FateBook({ slowDelayMs: 0 });
    verdicts(book, 'meta', '+15550000005', 2);
    book.reset();
    expect(verdicts(book, 'meta', '+15550000005', 3)).toEqual(['error', 'error', 'accept']);
  });
});

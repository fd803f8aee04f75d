import { formatReceipt, receiptDate } from './delivery-receipt';

describe('formatReceipt', () => {
  const submitted = new Date(Date.UTC(2024, 0, 2, 3, 4, 59));
  const done = new Date(Date.UTC(2024, 11, 31, 23, 59, 1));

  it('writes a delivered receipt in the SMPP v3.4 Appendix B format', () => {
    expect(
      formatReceipt({ messageId: 'abc123', stat: 'DELIVRD', err: 0, submitted, done, text: 'Your code is 123456' }),
    ).toBe(
      'id:abc123 sub:001 dlvrd:001 submit date:2401020304 done date:2412312359 stat:DELIVRD err:000 text:Your code is 123456',
    );
  });

  it('writes an undelivered receipt with dlvrd 000 and the error code', () => {
    expect(formatReceipt({ messageId: 'm1', stat: 'UNDELIV', err: 3, submitted, done, text: 'x' })).toBe(
      'id:m1 sub:001 dlvrd:000 submit date:2401020304 done date:2412312359 stat:UNDELIV err:003 text:x',
    );
  });

  it('keeps the first 20 characters of the text, on one line, in characters ASCII and GSM agree on', () => {
    const receipt = formatReceipt({
      messageId: 'm',
      stat: 'DELIVRD',
      err: 0,
      submitted,
      done,
      text: 'Código_@$\n1234567890123456789',
    });
    expect(receipt.endsWith(' text:C?digo??? 1234567890')).toBe(true);
  });
});

describe('receiptDate', () => {
  it('is YYMMDDhhmm in UTC', () => {
    expect(receiptDate(new Date('2031-07-09T08:05:00Z'))).toBe('3107090805');
  });
});

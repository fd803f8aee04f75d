import { DataCoding, encodeGsm7, encodeSmsText, encodeUcs2, isGsm7 } from './smpp-encoding';

describe('isGsm7', () => {
  it.each([
    'Your Acme code is 482913',
    'Codigo: 482913 - valido 5 min',
    'Ihr Code: 482913. Gültig für 5 Minuten',
    'Δ_ΦΓΛΩΠΨΣΘΞ @£$¥èéùìòÇØøÅåÆæßÉ ¤¡¿ÄÖÑÜ§äöñüà\n\r',
    'braces {} [] ~ | \\ ^ € and form feed \f',
  ])('accepts GSM 03.38 text: %j', (text) => {
    expect(isGsm7(text)).toBe(true);
  });

  it.each(['Ваш код 482913', '您的验证码 482913', 'code 482913 ✓', 'Código 482913', 'emoji 😀', 'backtick `'])(
    'refuses text outside the alphabet: %j',
    (text) => {
      expect(isGsm7(text)).toBe(false);
    },
  );
});

describe('encodeGsm7', () => {
  it('writes one septet per octet, extension characters behind the 0x1B escape', () => {
    expect([...encodeGsm7('@A€{')]).toEqual([0x00, 0x41, 0x1b, 0x65, 0x1b, 0x28]);
    expect([...encodeGsm7('£$¥è\n')]).toEqual([0x01, 0x02, 0x03, 0x04, 0x0a]);
  });
});

describe('encodeUcs2', () => {
  it('writes UTF-16 big-endian', () => {
    expect(encodeUcs2('Ва').toString('hex')).toBe('04120430');
  });
});

describe('encodeSmsText', () => {
  it('chooses GSM-7 (data_coding 0) for text in the GSM alphabet', () => {
    expect(encodeSmsText('Your code is 482913')).toMatchObject({
      dataCoding: DataCoding.SMSC_DEFAULT_GSM7,
      singleSegment: true,
    });
  });

  it('chooses UCS-2 (data_coding 8) as soon as one character is outside it', () => {
    const encoded = encodeSmsText('Ваш код 482913');
    expect(encoded.dataCoding).toBe(DataCoding.UCS2);
    expect(encoded.bytes).toHaveLength(28);
  });

  it('fits 160 GSM-7 septets in one segment, not 161; extension characters count twice', () => {
    expect(encodeSmsText('a'.repeat(160)).singleSegment).toBe(true);
    expect(encodeSmsText('a'.repeat(161)).singleSegment).toBe(false);
    expect(encodeSmsText('€'.repeat(80)).singleSegment).toBe(true);
    expect(encodeSmsText('€'.repeat(81)).singleSegment).toBe(false);
  });

  it('fits 70 UCS-2 characters in one segment, not 71', () => {
    expect(encodeSmsText('ж'.repeat(70)).singleSegment).toBe(true);
    expect(encodeSmsText('ж'.repeat(71)).singleSegment).toBe(false);
  });
});

import { decodeGsm7, decodeShortMessage, decodeUcs2, textOfSubmit } from './short-message.decoder';
import { smpp } from './smpp-package';

describe('decodeShortMessage', () => {
  it('reads data_coding 0 as the GSM 03.38 default alphabet, including @, $ and the extension table', () => {
    const bytes = Buffer.from([0x00, 0x02, 0x20, 0x31, 0x32, 0x1b, 0x65, 0x20, 0x1b, 0x3c, 0x41, 0x1b, 0x3e, 0x11]);
    expect(decodeShortMessage(bytes, 0)).toBe('@$ 12€ [A]_');
  });

  it('reads ASCII letters and digits unchanged under data_coding 0', () => {
    expect(decodeGsm7(Buffer.from('Your code is 482913', 'ascii'))).toBe('Your code is 482913');
  });

  it('reads data_coding 8 as UCS-2 big-endian, surrogate pairs included', () => {
    const text = 'Код 4829 🔐';
    const bytes = Buffer.from(text, 'utf16le').swap16();
    expect(decodeShortMessage(bytes, 8)).toBe(text);
    expect(decodeShortMessage(bytes, 0x18)).toBe(text);
  });

  it('drops a dangling odd byte of UCS-2', () => {
    expect(decodeUcs2(Buffer.from([0x00, 0x41, 0x00]))).toBe('A');
  });

  it('reads data_coding 3 as Latin-1', () => {
    expect(decodeShortMessage(Buffer.from('Código', 'latin1'), 3)).toBe('Código');
  });
});

describe('textOfSubmit (on PDUs the smpp package decoded)', () => {
  const roundTrip = (options: Record<string, unknown>): Record<string, unknown> => {
    const encoded = new smpp.PDU('submit_sm', { destination_addr: '15550000001', ...options });
    return new smpp.PDU(encoded.toBuffer());
  };

  it('reads a UCS-2 short_message', () => {
    expect(textOfSubmit(roundTrip({ data_coding: 8, short_message: 'Ваш код 5521' }))).toBe('Ваш код 5521');
  });

  it('reads a GSM short_message sent with data_coding 0', () => {
    expect(textOfSubmit(roundTrip({ data_coding: 0, short_message: 'Code: 1234 @ $5' }))).toBe('Code: 1234 @ $5');
  });

  it('reads a message the package encoded with its automatic data_coding', () => {
    expect(textOfSubmit(roundTrip({ short_message: 'Your code is 99887' }))).toBe('Your code is 99887');
  });

  it('prefers message_payload over an empty short_message', () => {
    const long = `Your code is 123456. ${'x'.repeat(200)}`;
    expect(textOfSubmit(roundTrip({ data_coding: 8, message_payload: long }))).toBe(long);
  });

  it('decodes raw bytes it is given as they are', () => {
    expect(textOfSubmit({ data_coding: 8, short_message: Buffer.from([0x04, 0x1a]) })).toBe('К');
    expect(textOfSubmit({})).toBe('');
  });
});

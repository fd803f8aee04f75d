import { parseSmppReceipt } from './smpp-receipt.parser';

const at = new Date('2026-01-01T00:00:00Z');
const text = (id: string, stat: string, err = '000') =>
  `id:${id} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2601010000 done date:2601010001 stat:${stat} err:${err} text:Your code is ??????`;
const receipt = (fields: Record<string, unknown>) => ({ esm_class: 0x04, data_coding: 0, ...fields });

describe('parseSmppReceipt', () => {
  it('reads the receipted_message_id and message_state TLVs first', () => {
    const pdu = receipt({
      receipted_message_id: '0123456789abcdef',
      message_state: 2,
      short_message: { message: text('something-else', 'UNDELIV') },
    });
    expect(parseSmppReceipt(pdu, at)).toEqual({
      providerMessageId: '0123456789abcdef',
      status: 'delivered',
      errorCode: null,
      errorMessage: null,
      permanent: false,
      at,
      delivery: null,
    });
  });

  it.each([
    ['DELIVRD', '000', { status: 'delivered', errorCode: null, permanent: false }],
    ['UNDELIV', '003', { status: 'failed', errorCode: 'UNDELIV:003', permanent: true }],
    ['REJECTD', '000', { status: 'failed', errorCode: 'REJECTD', permanent: true }],
    ['EXPIRED', '000', { status: 'failed', errorCode: 'EXPIRED', permanent: false }],
    ['DELETED', '000', { status: 'failed', errorCode: 'DELETED', permanent: false }],
    ['UNKNOWN', '000', { status: 'failed', errorCode: 'UNKNOWN', permanent: false }],
    ['ENROUTE', '000', { status: 'sent', errorCode: null, permanent: false }],
    ['ACCEPTD', '000', { status: 'sent', errorCode: null, permanent: false }],
  ])('reads the text form stat:%s err:%s', (stat, err, expected) => {
    const report = parseSmppReceipt(receipt({ short_message: { message: text('abc123', stat, err) } }), at);
    expect(report).toMatchObject({ providerMessageId: 'abc123', ...expected });
  });

  it.each([
    [3, 'failed', false],
    [5, 'failed', true],
    [8, 'failed', true],
  ])('reads message_state %d without any text', (state, status, permanent) => {
    const report = parseSmppReceipt(receipt({ receipted_message_id: 'id-1', message_state: state }), at);
    expect(report).toMatchObject({ providerMessageId: 'id-1', status, permanent });
  });

  it('reads a failure’s err from the text even when the state comes from the TLV', () => {
    const pdu = receipt({
      receipted_message_id: 'id-2',
      message_state: 5,
      short_message: { message: text('id-2', 'UNDELIV', '003') },
    });
    expect(parseSmppReceipt(pdu, at)).toMatchObject({
      errorCode: 'UNDELIV:003',
      errorMessage: 'SMSC receipt stat:UNDELIV err:003',
    });
  });

  it('reads the text from message_payload, a Buffer or lower case', () => {
    expect(parseSmppReceipt(receipt({ message_payload: { message: text('p1', 'DELIVRD') } }), at)).toMatchObject({
      providerMessageId: 'p1',
      status: 'delivered',
    });
    expect(parseSmppReceipt(receipt({ short_message: Buffer.from(text('b1', 'DELIVRD')) }), at)).toMatchObject({
      providerMessageId: 'b1',
    });
    expect(parseSmppReceipt(receipt({ short_message: 'id:c1 stat:delivrd err:000' }), at)).toMatchObject({
      providerMessageId: 'c1',
      status: 'delivered',
    });
  });

  it('ignores a deliver_sm that is not a receipt (a message from a handset)', () => {
    expect(parseSmppReceipt({ esm_class: 0, short_message: { message: 'STOP' } }, at)).toBeNull();
  });

  it('ignores a receipt without a message id or a known state', () => {
    expect(parseSmppReceipt(receipt({ short_message: { message: 'stat:DELIVRD' } }), at)).toBeNull();
    expect(parseSmppReceipt(receipt({ short_message: { message: 'id:x stat:WHATEVER' } }), at)).toBeNull();
  });
});

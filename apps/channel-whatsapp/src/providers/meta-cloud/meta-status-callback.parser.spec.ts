import { metaCallbackData } from './meta-callback-data';
import { parseMetaStatusCallback } from './meta-status-callback.parser';

const WAMID = 'wamid.HBgLMTU1NTAwMDAwMDEVAgARGBI';
const TIMESTAMP = '1764108577';

/** A `messages` webhook as Meta posts it, with the given statuses. */
const webhook = (...statuses: Array<Record<string, unknown>>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '100000000000000',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550000000', phone_number_id: '100000000000001' },
            statuses,
          },
        },
      ],
    },
  ],
});

const status = (name: string, extra: Record<string, unknown> = {}) => ({
  id: WAMID,
  status: name,
  timestamp: TIMESTAMP,
  recipient_id: '15550000001',
  ...extra,
});

const undeliverable = {
  code: 131026,
  title: 'Message undeliverable',
  message: 'Message undeliverable',
  error_data: { details: 'Message Undeliverable.' },
};

describe('parseMetaStatusCallback', () => {
  it.each(['sent', 'delivered', 'read'] as const)('maps %s', (name) => {
    const conversation = { id: 'c1', origin: { type: 'authentication' } };
    expect(parseMetaStatusCallback(webhook(status(name, { conversation, pricing: { billable: true } })))).toEqual({
      success: true,
      reports: [
        {
          providerMessageId: WAMID,
          status: name,
          errorCode: null,
          errorMessage: null,
          permanent: false,
          at: new Date(Number(TIMESTAMP) * 1000),
          delivery: null,
        },
      ],
    });
  });

  it('maps failed with 131026 to a permanent failure carrying the code', () => {
    const result = parseMetaStatusCallback(webhook(status('failed', { errors: [undeliverable] })));
    expect(result).toEqual({
      success: true,
      reports: [
        {
          providerMessageId: WAMID,
          status: 'failed',
          errorCode: '131026',
          errorMessage: 'Message undeliverable: Message Undeliverable.',
          permanent: true,
          at: new Date(Number(TIMESTAMP) * 1000),
          delivery: null,
        },
      ],
    });
  });

  it('marks a failure WhatsApp could get past later as not permanent', () => {
    const result = parseMetaStatusCallback(
      webhook(status('failed', { errors: [{ code: 130429, title: 'Rate limit hit' }] })),
    );
    expect(result.success && result.reports[0]).toMatchObject({ errorCode: '130429', permanent: false });
  });

  it('names the attempt the status echoes in biz_opaque_callback_data, and none for other data', () => {
    const ref = { tenantId: 'acme', verificationId: `vf_${'e'.repeat(32)}`, attempt: 3, requestedAt: new Date(1000) };
    const data = metaCallbackData(ref, 300, new Date());
    const result = parseMetaStatusCallback(
      webhook(
        status('delivered', { biz_opaque_callback_data: data }),
        status('read', { biz_opaque_callback_data: '{"v":1,"verificationId":"vf_1","attempt":1}' }),
        status('read', { biz_opaque_callback_data: 'campaign-42' }),
      ),
    );
    expect(result.success && result.reports.map((r) => r.delivery)).toEqual([ref, null, null]);
  });

  it('keeps several statuses in order, across entries and changes', () => {
    const body = webhook(status('sent'), status('delivered', { id: 'wamid.other' }));
    body.entry.push(webhook(status('read')).entry[0]!);
    const result = parseMetaStatusCallback(body);
    expect(result.success && result.reports.map((r) => [r.providerMessageId, r.status])).toEqual([
      [WAMID, 'sent'],
      ['wamid.other', 'delivered'],
      [WAMID, 'read'],
    ]);
  });

  it('skips statuses Tessera has no use for and changes that carry no statuses', () => {
    const incoming = webhook();
    incoming.entry[0]!.changes[0]!.value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550000000', phone_number_id: '1' },
      messages: [{ from: '15550000001', id: 'wamid.in', timestamp: TIMESTAMP, type: 'text', text: { body: 'hi' } }],
    } as never;
    const templateUpdate = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }],
    };
    expect(parseMetaStatusCallback(webhook(status('deleted'), status('warning')))).toEqual({
      success: true,
      reports: [],
    });
    expect(parseMetaStatusCallback(incoming)).toEqual({ success: true, reports: [] });
    expect(parseMetaStatusCallback(templateUpdate)).toEqual({ success: true, reports: [] });
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['another object type', { ...webhook(status('sent')), object: 'page' }],
    ['no entry array', { object: 'whatsapp_business_account' }],
    ['a status without id', webhook({ status: 'sent', timestamp: TIMESTAMP })],
    ['a status with a bad timestamp', webhook(status('sent', { timestamp: 'yesterday' }))],
    ['an error without a numeric code', webhook(status('failed', { errors: [{ code: 'x' }] }))],
    [
      'statuses that are not an array',
      { ...webhook(), entry: [{ changes: [{ field: 'messages', value: { statuses: {} } }] }] },
    ],
  ])('rejects %s', (_name, body) => {
    const result = parseMetaStatusCallback(body);
    expect(result.success).toBe(false);
    expect(!result.success && result.error.length).toBeGreaterThan(0);
  });

  it('rejects the whole body when one status is malformed', () => {
    expect(parseMetaStatusCallback(webhook(status('sent'), status('delivered', { id: '' }))).success).toBe(false);
  });
});

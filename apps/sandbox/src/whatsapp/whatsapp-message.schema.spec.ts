import { describeWhatsappMessage, whatsappMessageSchema } from './whatsapp-message.schema';

export const authenticationTemplate = (to: string, code: string): Record<string, unknown> => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'template',
  template: {
    name: 'tessera_otp',
    language: { code: 'en_US' },
    components: [
      { type: 'body', parameters: [{ type: 'text', text: code }] },
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
    ],
  },
});

describe('whatsappMessageSchema', () => {
  it('accepts Meta’s authentication template and keeps fields it does not know', () => {
    const parsed = whatsappMessageSchema.parse({
      ...authenticationTemplate('+15550000001', '482913'),
      biz_opaque_callback_data: 'v1',
    });
    expect(parsed).toMatchObject({ biz_opaque_callback_data: 'v1' });
    expect(describeWhatsappMessage(parsed)).toEqual({
      text: '[template tessera_otp (en_US)] 482913 | 482913',
      parameters: ['482913', '482913'],
    });
  });

  it('accepts a plain text message', () => {
    const parsed = whatsappMessageSchema.parse({
      messaging_product: 'whatsapp',
      to: '15550000001',
      type: 'text',
      text: { body: 'hi 1234' },
    });
    expect(describeWhatsappMessage(parsed).text).toBe('hi 1234');
  });

  it.each([
    ['a wrong product', { ...authenticationTemplate('+15550000001', '1'), messaging_product: 'sms' }],
    ['a destination that is no phone number', authenticationTemplate('hello', '1')],
    [
      'a missing template name',
      { ...authenticationTemplate('+15550000001', '1'), template: { language: { code: 'en' } } },
    ],
    [
      'a button without index',
      {
        ...authenticationTemplate('+15550000001', '1'),
        template: { name: 'x', language: { code: 'en' }, components: [{ type: 'button', sub_type: 'url' }] },
      },
    ],
    ['an unknown type', { messaging_product: 'whatsapp', to: '15550000001', type: 'sticker' }],
  ])('rejects %s', (_name, body) => {
    expect(whatsappMessageSchema.safeParse(body).success).toBe(false);
  });
});

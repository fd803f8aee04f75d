import { authenticationTemplateMessage, toMetaLanguage } from './meta-authentication-template';

describe('toMetaLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en_US'],
    ['en-GB', 'en_GB'],
    ['pt-BR', 'pt_BR'],
    ['pt-PT', 'pt_PT'],
    ['pt', 'pt_BR'],
    ['es-MX', 'es_MX'],
    ['fr', 'fr'],
    ['zh', 'zh_CN'],
    ['zh-TW', 'zh_TW'],
    ['no', 'nb'],
    ['tl', 'fil'],
    ['fil', 'fil'],
    ['rw', 'rw_RW'],
    ['fr-SN', 'fr'],
    ['de-LU', 'de'],
    ['xx-YY', 'xx_YY'],
    ['pt_br', 'pt_BR'],
  ])('maps %s to %s', (locale, expected) => {
    expect(toMetaLanguage(locale)).toBe(expected);
  });
});

describe('authenticationTemplateMessage', () => {
  const input = {
    verificationId: `vf_${'a'.repeat(32)}`,
    attempt: 2,
    to: '+15550000001',
    code: '482913',
    locale: 'pt-BR',
    templateName: 'tessera_auth',
    ttlSeconds: 287.6,
  };

  it('is an authentication template with the code as the body parameter and the copy-code button parameter', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(authenticationTemplateMessage(input, now)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+15550000001',
      type: 'template',
      template: {
        name: 'tessera_auth',
        language: { policy: 'deterministic', code: 'pt_BR' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
      biz_opaque_callback_data: expect.any(String),
    });
  });

  it('carries the attempt and the code’s remaining life in biz_opaque_callback_data', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const message = authenticationTemplateMessage(input, now);
    expect(JSON.parse(message.biz_opaque_callback_data)).toEqual({
      v: 1,
      verificationId: input.verificationId,
      attempt: 2,
      ttlSeconds: 287,
      expiresAt: now.getTime() / 1000 + 287,
    });
    expect(message.biz_opaque_callback_data.length).toBeLessThanOrEqual(512);
  });
});

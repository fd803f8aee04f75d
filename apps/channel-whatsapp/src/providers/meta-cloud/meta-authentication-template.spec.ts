import { authenticationTemplateMessage, toMetaLanguage } from './meta-authentication-template';
import { deliveryRefOfCallbackData } from './meta-callback-data';

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
  const ref = {
    tenantId: 'acme',
    verificationId: `vf_${'a'.repeat(32)}`,
    attempt: 2,
    requestedAt: new Date('2025-12-31T23:59:58Z'),
  };
  const input = {
    ref,
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

  it('carries the delivery ref and the code’s remaining life in biz_opaque_callback_data', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const message = authenticationTemplateMessage(input, now);
    expect(JSON.parse(message.biz_opaque_callback_data)).toEqual({
      v: 2,
      tnt: 'acme',
      vid: ref.verificationId,
      att: '2',
      req: String(ref.requestedAt.getTime()),
      ttlSeconds: 287,
      expiresAt: now.getTime() / 1000 + 287,
    });
    expect(deliveryRefOfCallbackData(message.biz_opaque_callback_data)).toEqual(ref);
  });

  it('stays within Meta’s 512 characters with the longest tenant and verification ids', () => {
    const longest = { ...ref, tenantId: 't'.repeat(63), verificationId: 'v'.repeat(64), attempt: 100 };
    const message = authenticationTemplateMessage({ ...input, ref: longest, ttlSeconds: 600 });
    expect(message.biz_opaque_callback_data.length).toBeLessThanOrEqual(512);
    expect(deliveryRefOfCallbackData(message.biz_opaque_callback_data)).toEqual(longest);
  });
});

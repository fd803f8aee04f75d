import type { MessageTemplate, TenantPolicy } from '@tessera/contracts';

/** Picks the tenant's template for a locale: exact (`pt-BR`), then language (`pt`), then the default locale. */
export function resolveTemplate(policy: TenantPolicy, locale: string): MessageTemplate {
  const language = locale.split('-')[0];
  const chosen = [locale, language, policy.defaultLocale].find((l) => policy.templates[l]) ?? policy.defaultLocale;
  return { locale: chosen, ...policy.templates[chosen] };
}

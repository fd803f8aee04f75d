import type { MessageTemplate } from '@tessera/contracts';

export interface RenderedMessage {
  text: string;
  subject?: string;
  html?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Substitutes `{code}`, `{brand}` and `{minutes}`; values are HTML-escaped in the HTML part. */
export function renderTemplate(
  template: MessageTemplate,
  values: { code: string; brand: string; minutes: number },
): RenderedMessage {
  const fill = (s: string, escape: (v: string) => string) =>
    s.replace(/\{(code|brand|minutes)\}/g, (_, name: 'code' | 'brand' | 'minutes') => escape(String(values[name])));
  const plain = (v: string) => v;
  return {
    text: fill(template.text, plain),
    ...(template.subject ? { subject: fill(template.subject, plain) } : {}),
    ...(template.html ? { html: fill(template.html, escapeHtml) } : {}),
  };
}

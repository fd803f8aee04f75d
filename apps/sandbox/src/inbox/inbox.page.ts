import type { InboxMessage } from './inbox-message';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.code{font:bold 1.2em monospace}.text{white-space:pre-wrap;max-width:40rem}
.accepted{color:#176117}.rejected,.error{color:#a11}small{color:#666}form{margin:1rem 0}`;

function row(message: InboxMessage): string {
  const statuses = message.statuses
    .map((s) => escapeHtml(s.status) + (s.errorCode ? ` <small>(error ${escapeHtml(s.errorCode)})</small>` : ''))
    .join(' → ');
  const subject = message.subject ? `<strong>${escapeHtml(message.subject)}</strong>\n` : '';
  const error = message.error
    ? `<br><small>${escapeHtml(message.error.code)}: ${escapeHtml(message.error.message)}</small>`
    : '';
  return `<tr>
<td><small>${escapeHtml(message.receivedAt)}</small></td>
<td>${escapeHtml(message.channel)}<br><small>${escapeHtml(message.provider)}</small></td>
<td>${escapeHtml(message.to)}${message.from ? `<br><small>from ${escapeHtml(message.from)}</small>` : ''}</td>
<td class="code">${escapeHtml(message.code ?? '')}</td>
<td class="text">${subject}${escapeHtml(message.text)}</td>
<td>${escapeHtml(message.fate)}</td>
<td class="${escapeHtml(message.outcome)}">${statuses}${error}</td>
<td><small>${escapeHtml(message.verificationId ?? '')}</small></td>
<td><a href="/api/messages/${encodeURIComponent(message.id)}">json</a></td>
</tr>`;
}

/** The inbox as a page a person can read; every value from a message is escaped. */
export function renderInboxPage(messages: InboxMessage[], filter: { to?: string; channel?: string }): string {
  const rows = messages.length
    ? messages.map(row).join('\n')
    : '<tr><td colspan="9">No messages yet. This page refreshes every 3 seconds.</td></tr>';
  const option = (value: string): string =>
    `<option value="${value}"${filter.channel === value ? ' selected' : ''}>${value || 'all channels'}</option>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Tessera sandbox inbox</title><style>${STYLE}</style></head>
<body><h1>Tessera sandbox inbox</h1>
<form method="get" action="/inbox"><input name="to" placeholder="destination" value="${escapeHtml(filter.to ?? '')}">
<select name="channel">${['', 'whatsapp', 'sms', 'email'].map(option).join('')}</select>
<button>filter</button> <small>${messages.length} message(s), newest first · <a href="/api/messages">JSON</a></small></form>
<table><thead><tr><th>received</th><th>channel</th><th>to</th><th>code</th><th>message</th><th>fate</th><th>statuses</th><th>verification</th><th></th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
}

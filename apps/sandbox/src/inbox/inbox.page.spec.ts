import type { InboxMessage } from './inbox-message';
import { escapeHtml, renderInboxPage } from './inbox.page';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderInboxPage', () => {
  const hostile: InboxMessage = {
    id: 'id"><script>alert(1)</script>',
    channel: 'email',
    provider: 'smtp',
    to: '<img src=x onerror=alert(2)>@x.test',
    from: '"><script>alert(3)</script>',
    subject: '<script>alert(4)</script>',
    text: 'Code 1234 </td><script>alert(5)</script>',
    html: '<script>alert(6)</script>',
    code: '1234',
    verificationId: '<script>alert(11)</script>',
    providerMessageId: null,
    fate: 'deliver',
    outcome: 'accepted',
    error: { code: '<b>', message: '<script>alert(7)</script>' },
    statuses: [{ status: '<script>alert(8)</script>', at: 'now', errorCode: '<script>alert(12)</script>' }],
    callbacks: [],
    receivedAt: '<script>alert(9)</script>',
    raw: {},
  };

  it('escapes everything a message carries', () => {
    const page = renderInboxPage([hostile], { to: '"><script>alert(10)</script>' });
    expect(page).not.toMatch(/<script>|<img/);
    expect(page).toContain('&lt;script&gt;alert(5)&lt;/script&gt;');
    expect(page).toContain('href="/api/messages/id%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"');
  });

  it("shows a failed status's provider error code and the verification the message belongs to", () => {
    const failed: InboxMessage = {
      ...hostile,
      channel: 'whatsapp',
      provider: 'meta',
      to: '+447911120013',
      verificationId: 'vf_0123456789abcdef0123456789abcdef',
      error: undefined,
      statuses: [
        { status: 'accepted', at: 'then' },
        { status: 'failed', at: 'now', errorCode: '131026' },
      ],
    };
    const page = renderInboxPage([failed], {});
    expect(page).toContain('accepted → failed <small>(error 131026)</small>');
    expect(page).toContain('<th>verification</th>');
    expect(page).toContain('<small>vf_0123456789abcdef0123456789abcdef</small>');
  });

  it('refreshes itself and says when there is nothing yet', () => {
    const page = renderInboxPage([], {});
    expect(page).toContain('<meta http-equiv="refresh"');
    expect(page).toContain('No messages yet');
  });
});

/** The parts of the sandbox inbox's `GET /api/messages` the demo reads (apps/sandbox/README.md, Inbox). */
export interface InboxMessage {
  channel: string;
  provider: string;
  text: string;
  code: string | null;
  verificationId?: string | null;
  statuses: Array<{ status: string; errorCode?: string }>;
}

/** `whatsapp (meta): accepted → failed (error 131026)`, as the inbox page shows it. */
export const inboxLine = (message: InboxMessage): string =>
  `${message.channel} (${message.provider}): ` +
  message.statuses.map((s) => `${s.status}${s.errorCode ? ` (error ${s.errorCode})` : ''}`).join(' → ') +
  (message.verificationId ? `, tagged ${message.verificationId}` : '');

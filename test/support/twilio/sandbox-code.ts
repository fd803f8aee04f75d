import { SANDBOX, rememberCode } from '../api';

/** The code of the newest message the sandbox received for `to` on `channel` since `since` (a long-poll). */
export async function codeFromSandbox(to: string, channel: string, since: number): Promise<string> {
  const query = new URLSearchParams({ to, channel, since: String(since), timeoutMs: '15000' });
  const response = await fetch(`${SANDBOX}/api/messages/wait?${query}`);
  if (response.status !== 200) throw new Error(`no ${channel} message for ${to} in the sandbox (${response.status})`);
  const message = (await response.json()) as { code: string | null };
  if (!message.code) throw new Error(`the ${channel} message for ${to} carries no code`);
  rememberCode(message.code);
  return message.code;
}

import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { sleep } from '../common/sleep';
import { FateBook } from '../fates/fate-book';
import type { FateDecision } from '../fates/fates';
import { InboxStore } from '../inbox/inbox.store';
import { htmlToText, parseMail } from './mime-parser';
import { smtpError } from './smtp-error';

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const RAW_SOURCE_LIMIT = 64 * 1024;

/**
 * An SMTP server that keeps what it receives. No authentication is needed (AUTH PLAIN/LOGIN succeed with any
 * credentials), no TLS. The fate of each recipient is decided at RCPT TO: `fail…` gets 550, `flaky…` 451 twice.
 */
@Injectable()
export class SmtpMailServer implements OnApplicationShutdown {
  private readonly logger = new Logger(SmtpMailServer.name);
  /** Accepted recipients of each session's current transaction, with their fate. */
  private readonly accepted = new Map<string, Map<string, FateDecision>>();
  private server?: SMTPServer;

  constructor(
    private readonly fates: FateBook,
    private readonly inbox: InboxStore,
  ) {}

  /** Starts listening; resolves with the bound port (pass 0 for an ephemeral one). */
  listen(host: string, port: number): Promise<number> {
    const server = new SMTPServer({
      name: 'sandbox.tessera.local',
      banner: 'Tessera sandbox SMTP',
      authOptional: true,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      size: MAX_MESSAGE_BYTES,
      closeTimeout: 1000,
      logger: false,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username || 'anonymous' }),
      onMailFrom: (_address, session, callback) => {
        this.accepted.delete(session.id);
        callback();
      },
      onRcptTo: (address, session, callback) => callback(this.onRcptTo(address, session)),
      onData: (stream, session, callback) => {
        this.onData(stream, session).then(
          (queueId) => callback(null, `OK: queued as ${queueId}`),
          (error: Error) => callback(error),
        );
      },
      onClose: (session) => this.accepted.delete(session.id),
    });
    server.on('error', (error) => this.logger.warn(`SMTP: ${error.message}`));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => {
        server.server.off('error', reject);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onRcptTo(address: SMTPServerAddress, session: SMTPServerSession): Error | undefined {
    const to = address.address;
    const decision = this.fates.decide('email', 'smtp', to);
    if (decision.verdict === 'accept') {
      const forSession = this.accepted.get(session.id) ?? new Map<string, FateDecision>();
      forSession.set(to, decision);
      this.accepted.set(session.id, forSession);
      return undefined;
    }
    const error =
      decision.verdict === 'reject'
        ? smtpError(550, `5.1.1 <${to}>: Recipient address rejected: mailbox unavailable`)
        : smtpError(451, `4.3.0 <${to}>: Temporary failure, try again later`);
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
    this.inbox.add({
      channel: 'email',
      provider: 'smtp',
      to,
      from,
      text: '',
      providerMessageId: null,
      fate: decision.fate,
      outcome: decision.verdict === 'reject' ? 'rejected' : 'error',
      error: { code: error.responseCode, message: error.message },
      raw: { envelope: { mailFrom: from, rcptTo: to } },
    });
    return error;
  }

  private async onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(552, `5.3.4 Message exceeds the ${MAX_MESSAGE_BYTES} byte limit`);

    const recipients = this.accepted.get(session.id) ?? new Map<string, FateDecision>();
    this.accepted.delete(session.id);
    const source = Buffer.concat(chunks);
    const mail = parseMail(source);
    const queueId = randomBytes(8).toString('hex');
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
    const raw = {
      envelope: { mailFrom: envelopeFrom, rcptTo: [...recipients.keys()] },
      headers: mail.headers,
      source: source.subarray(0, RAW_SOURCE_LIMIT).toString('utf8'),
    };
    for (const [to, decision] of recipients) {
      this.inbox.add({
        channel: 'email',
        provider: 'smtp',
        to,
        from: mail.from ?? envelopeFrom,
        subject: mail.subject,
        text: mail.text ?? (mail.html ? htmlToText(mail.html) : ''),
        html: mail.html,
        providerMessageId: mail.messageId ?? queueId,
        fate: decision.fate,
        outcome: 'accepted',
        raw,
      });
    }
    await sleep(Math.max(0, ...[...recipients.values()].map((d) => d.delayMs)));
    return queueId;
  }
}

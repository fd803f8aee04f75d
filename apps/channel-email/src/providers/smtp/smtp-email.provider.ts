import nodemailer, { type Transporter } from 'nodemailer';
import {
  PermanentProviderError,
  RetryableProviderError,
  UnconfirmedSendError,
  type ChannelProvider,
  type OutboundMessage,
  type SendReceipt,
} from '@tessera/channel-kit';

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  rejectUnauthorized: boolean;
  user?: string;
  password?: string;
  from: string;
  /** How long an open connection may stay silent (nodemailer's socketTimeout). */
  socketTimeoutMs?: number;
}

/** nodemailer's timeouts before anything was handed over: nothing was sent, so a retry is safe. */
const TIMEOUTS_BEFORE_SENDING = new Set(['Connection timeout', 'Greeting never received']);
/** nodemailer's codes for a connection that failed, timed out or closed (it keeps the socket error's `syscall`). */
const CONNECTION_FAILURES = new Set(['ETIMEDOUT', 'ESOCKET', 'ECONNECTION']);

interface SmtpFailure {
  code?: string;
  message?: string;
  syscall?: string;
  responseCode?: number;
}

/**
 * Whether a connection failure happened on an open session, where the message may already be with the server
 * (the final dot sent, its 250 not yet read). Only a connection never made (refused, no address) or a timeout
 * before the greeting surely handed nothing over.
 */
function mayHaveArrived({ code, message, syscall }: SmtpFailure): boolean {
  if (!code || !CONNECTION_FAILURES.has(code)) return false;
  if (code === 'ETIMEDOUT') return !TIMEOUTS_BEFORE_SENDING.has(message ?? '');
  return syscall !== 'connect' && syscall !== 'getaddrinfo';
}

/**
 * Sends over SMTP with nodemailer. A 5xx reply is permanent for this address; a 4xx reply, and a connection that
 * could not be made, are retried. A server that goes silent or drops the connection on an open session may have
 * taken the message already: that is an unconfirmed send, never retried, so no one gets the same attempt twice.
 */
export class SmtpEmailProvider implements ChannelProvider {
  readonly id = 'smtp';
  readonly channel = 'email' as const;
  /** Acceptance by the SMTP server is all it reports. */
  readonly receipts = 'none' as const;
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTls,
      ignoreTLS: !settings.secure && !settings.requireTls && settings.host === '127.0.0.1',
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10000,
      socketTimeout: settings.socketTimeoutMs ?? 20000,
    });
  }

  async send(message: OutboundMessage): Promise<SendReceipt> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject ?? `${message.brand} verification code`,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        headers: { 'X-Tessera-Verification': message.ref.verificationId, 'Auto-Submitted': 'auto-generated' },
      });
      if (info.rejected.length > 0) throw new PermanentProviderError('recipient rejected', 'smtp_rejected');
      return { providerMessageId: info.messageId, status: 'sent' };
    } catch (error) {
      if (error instanceof PermanentProviderError) throw error;
      const failure = error as SmtpFailure;
      const { responseCode } = failure;
      if (responseCode && responseCode >= 500) {
        throw new PermanentProviderError(`SMTP ${responseCode}`, `smtp_${responseCode}`);
      }
      if (!responseCode && mayHaveArrived(failure)) {
        const silent = failure.code === 'ETIMEDOUT';
        throw new UnconfirmedSendError(
          `the SMTP server ${silent ? 'went silent' : 'dropped the connection'}: ${failure.message}`,
          silent ? 'smtp_timeout' : 'smtp_network',
        );
      }
      throw new RetryableProviderError(
        `SMTP ${responseCode ?? 'connection'} error: ${failure.message}`,
        responseCode ? `smtp_${responseCode}` : 'smtp_network',
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}

import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { loadSandboxConfig, type SandboxConfig } from './config/sandbox.config';
import { SandboxReadiness } from './health/sandbox-readiness';
import { InboxStore } from './inbox/inbox.store';
import { SandboxModule } from './sandbox.module';
import { SmppSmsc } from './smpp/smpp.smsc';
import { SmtpMailServer } from './smtp/smtp.mail-server';

export interface StartSandboxOptions extends Partial<Omit<SandboxConfig, 'whatsapp' | 'twilio' | 'smpp'>> {
  whatsapp?: Partial<SandboxConfig['whatsapp']>;
  twilio?: Partial<SandboxConfig['twilio']>;
  smpp?: Partial<SandboxConfig['smpp']>;
  /** Nest logger: false for silence (tests), a LoggerService, or the levels to print. Default: Nest's console logger. */
  logger?: false | LoggerService | LogLevel[];
}

export interface RunningSandbox {
  /** Base URL of the HTTP peers and the inbox, e.g. `http://127.0.0.1:4000` (no trailing slash). */
  httpUrl: string;
  smtpPort: number;
  smppPort: number;
  /** The configuration in force (ports as requested: 0 stays 0; read the bound ones above). */
  config: SandboxConfig;
  inbox: InboxStore;
  smpp: { dropConnections(): number; readonly connectionCount: number };
  close(): Promise<void>;
}

/**
 * Starts the HTTP peers (WhatsApp, Twilio, inbox), the SMPP SMSC and the SMTP server. Options override the
 * environment's defaults; ports may be 0 to take ephemeral ones (tests run several sandboxes side by side).
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const defaults = loadSandboxConfig({});
  const { logger, whatsapp, twilio, smpp, ...rest } = options;
  const config: SandboxConfig = {
    ...defaults,
    ...rest,
    whatsapp: { ...defaults.whatsapp, ...whatsapp },
    twilio: { ...defaults.twilio, ...twilio },
    smpp: { ...defaults.smpp, ...smpp },
  };
  const app = await NestFactory.create<NestFastifyApplication>(SandboxModule.forRoot(config), new FastifyAdapter(), {
    rawBody: true,
    logger: logger ?? undefined,
    abortOnError: false,
  });
  try {
    await app.listen(config.httpPort, config.host);
    const smsc = app.get(SmppSmsc);
    const smppPort = await smsc.listen(config.host, config.smppPort);
    const smtpPort = await app.get(SmtpMailServer).listen(config.host, config.smtpPort);
    const httpPort = (app.getHttpServer().address() as AddressInfo).port;
    app.get(SandboxReadiness).markListening();
    return {
      httpUrl: `http://${urlHost(config.host)}:${httpPort}`,
      smtpPort,
      smppPort,
      config,
      inbox: app.get(InboxStore),
      smpp: {
        dropConnections: () => smsc.dropConnections(),
        get connectionCount() {
          return smsc.connectionCount;
        },
      },
      close: () => app.close(),
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/** Where a client on this machine reaches a server bound to `host`. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

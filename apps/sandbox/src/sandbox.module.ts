import { type DynamicModule, Module } from '@nestjs/common';
import { SandboxConfigModule } from './config/sandbox-config.module';
import type { SandboxConfig } from './config/sandbox.config';
import { HealthHttpController } from './health/health.http.controller';
import { SandboxReadiness } from './health/sandbox-readiness';
import { InboxModule } from './inbox/inbox.module';
import { SmppModule } from './smpp/smpp.module';
import { SmtpModule } from './smtp/smtp.module';
import { TwilioModule } from './twilio/twilio.module';
import { WhatsappModule } from './whatsapp/whatsapp.module';

/** The sandbox: one app playing every messaging provider, with the inbox of what they received. */
@Module({})
export class SandboxModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      imports: [SandboxConfigModule.forRoot(config), InboxModule, WhatsappModule, TwilioModule, SmppModule, SmtpModule],
      controllers: [HealthHttpController],
      providers: [SandboxReadiness],
    };
  }
}

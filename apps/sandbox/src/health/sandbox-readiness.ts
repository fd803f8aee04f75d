import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Whether every listener (HTTP, SMPP, SMTP) is bound: set by startSandbox, cleared when the sandbox closes. */
@Injectable()
export class SandboxReadiness implements BeforeApplicationShutdown {
  private listening = false;

  markListening(): void {
    this.listening = true;
  }

  get isReady(): boolean {
    return this.listening;
  }

  beforeApplicationShutdown(): void {
    this.listening = false;
  }
}

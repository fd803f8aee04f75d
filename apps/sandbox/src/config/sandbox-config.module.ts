import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SANDBOX_CONFIG, type SandboxConfig } from './sandbox.config';

/** Makes the validated config injectable everywhere as {@link SANDBOX_CONFIG}. */
@Global()
@Module({})
export class SandboxConfigModule {
  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxConfigModule,
      providers: [{ provide: SANDBOX_CONFIG, useValue: config }],
      exports: [SANDBOX_CONFIG],
    };
  }
}

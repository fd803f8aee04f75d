import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { REDACTED_LOG_PATHS, maskUrlDestinations } from './redaction';

export interface TesseraLoggerOptions {
  app: string;
  level: string;
}

/** JSON logs via pino, with redaction and the W3C traceparent carried as `traceparent` on request logs. */
@Module({})
export class TesseraLoggerModule {
  static forRoot(options: TesseraLoggerOptions): DynamicModule {
    return {
      module: TesseraLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { app: options.app },
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
            customProps: (req) => ({ traceparent: req.headers['traceparent'] }),
            autoLogging: { ignore: (req) => Boolean(req.url?.startsWith('/health') || req.url === '/metrics') },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: maskUrlDestinations(req.url),
              }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { REDACTED_LOG_PATHS, maskUrlDestinations } from './redaction';
import { requestLogLevel } from './request-log-level';
import { traceLogFields } from './trace-context';

export interface TesseraLoggerOptions {
  app: string;
  level: string;
}

/**
 * JSON logs via pino, with redaction; every line written in the course of an HTTP request or a bus message carries
 * its `traceId` (trace-context.ts), and request logs the W3C `traceparent` too. A successful request is logged at
 * `debug` (request-log-level.ts).
 */
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
            mixin: traceLogFields,
            customLogLevel: requestLogLevel(options.level),
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

export * from './redaction';
export * from './logger.module';
export * from './metrics.registry';
export * from './health.controller';
export * from './readiness.registry';
export * from './observability.module';
export * from './trace-context';
export * from './tessera-version';

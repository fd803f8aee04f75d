export * from './app-process';
export * from './test-secrets';
export * from './kafka-harness';
export * from './strict-mock';
export * from './mongo-test-modules';
export * from './prometheus-text';

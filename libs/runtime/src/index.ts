export * from './start-service';
export * from './service-foundation';

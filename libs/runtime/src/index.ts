export * from './start-service';
export * from './service-foundation';
export * from './shutdown-deadline';

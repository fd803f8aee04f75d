export * from './mongo.module';
export * from './mongo-errors';
export * from './command-counter';

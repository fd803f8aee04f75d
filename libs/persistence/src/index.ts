export * from './mongo.module';
export * from './mongo-errors';
export * from './unique-slots';
export * from './document-lock';
export * from './command-counter';

export * from './mongo.module';
export * from './mongo-errors';
export * from './unique-slots';
export * from './processed-message.store';
export * from './document-lock';

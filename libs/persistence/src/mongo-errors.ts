import { MongoServerError } from 'mongodb';

export const isDuplicateKeyError = (error: unknown): boolean =>
  error instanceof MongoServerError ? error.code === 11000 : (error as { code?: number })?.code === 11000;

const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'PoolClearedError',
  'MongoPoolClearedError',
]);

/** Errors that mean "the database is unreachable right now", not "this input is bad". */
export const isTransientMongoError = (error: unknown): boolean =>
  error instanceof Error && TRANSIENT_NAMES.has(error.name);

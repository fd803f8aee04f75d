export * from './code-hasher';
export * from './code-sealer';
export * from './bus-signature';
export * from './ids';
export * from './secret-seal';
export * from './same-secret';
export * from './tenant-bus-secret';

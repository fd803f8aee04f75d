import { createHash, createHmac, randomBytes } from 'node:crypto';

export const newVerificationId = (): string => `vf_${randomBytes(16).toString('hex')}`;

/** A stable lookup key for a destination that does not reveal it (scoped by tenant). */
export const destinationKey = (tenantId: string, to: string, pepper: Buffer): string =>
  createHash('sha256').update(pepper).update(`${tenantId}\u0000${to}`).digest('hex');

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The routing secret, derived from the gateway's bus secret that the gateway and the otp-service share. */
export const routingSecretFrom = (gatewayBusSecret: Buffer): Buffer =>
  createHmac('sha256', gatewayBusSecret).update('tessera/routing-key/v1').digest();

/** The routing key of a (tenant, normalised destination): see libs/contracts routing-key.ts. */
export const routingKeyFor = (tenantId: string, destination: string, routingSecret: Buffer): string =>
  createHmac('sha256', routingSecret).update(`${tenantId}\u0000${destination}`).digest('hex').slice(0, 16);

/** A verification id that carries its routing key. */
export const newVerificationIdFor = (routingKey: string): string => `vf_${routingKey}${randomBytes(8).toString('hex')}`;

import { hkdfSync } from 'node:crypto';

const INFO = 'tessera/tenant-bus-secret/v1';

/**
 * A tenant's bus secret (the HMAC key its product services sign commands with), derived with HKDF-SHA256
 * from the gateway's bus secret that the gateway and the otp-service already share. Neither side sends or
 * stores it: the gateway derives it to show it once, the otp-service derives it to check a signature. The
 * gateway's secret may already sign for any tenant, so deriving from it grants nothing new.
 */
export function tenantBusSecretFrom(gatewayBusSecret: Buffer, tenantId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', gatewayBusSecret, Buffer.from('tessera'), Buffer.from(`${INFO}\0${tenantId}`), 32),
  );
}

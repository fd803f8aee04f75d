import { createHmac } from 'node:crypto';
import { sameSecret } from './same-secret';

/** JSON with object keys sorted at every depth: the byte string a bus signature covers. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface SignableEnvelope {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  tenantId: string;
  verificationId: string | null;
  payload: unknown;
}

function signedPart(e: SignableEnvelope): string {
  const { eventId, type, version, occurredAt, tenantId, verificationId, payload } = e;
  return canonicalJson({ eventId, type, version, occurredAt, tenantId, verificationId, payload });
}

/** `v1=<base64url HMAC-SHA256(secret, canonicalJson(envelope without signature/traceparent))>` */
export function signEnvelope(envelope: SignableEnvelope, secret: Buffer): string {
  return `v1=${createHmac('sha256', secret).update(signedPart(envelope)).digest('base64url')}`;
}

export function verifyEnvelopeSignature(
  envelope: SignableEnvelope,
  signature: string | null | undefined,
  secret: Buffer,
): boolean {
  if (!signature) return false;
  return sameSecret(signature, signEnvelope(envelope, secret));
}

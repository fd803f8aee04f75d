import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';

/** W3C trace-context header value: version-traceid-parentid-flags. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const TenantIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,62}$/, 'tenant id: 2-63 of a-z 0-9 _ -');

/** Every message on the bus travels in this envelope. `signature` authenticates commands (see bus-signature). */
export const EnvelopeSchema = z
  .object({
    eventId: z.uuid(),
    type: z.string().min(1).max(100),
    version: z.number().int().positive(),
    occurredAt: z.iso.datetime({ offset: true }),
    tenantId: TenantIdSchema,
    verificationId: z.string().min(1).max(64).nullable(),
    traceparent: z.string().regex(TRACEPARENT_PATTERN).nullable(),
    signature: z.string().max(200).nullable().optional(),
    payload: z.unknown(),
  })
  .strict();

export type Envelope<P = unknown> = Omit<z.infer<typeof EnvelopeSchema>, 'payload'> & { payload: P };

/** A versioned message kind: its type name, version and payload schema. */
export interface MessageDefinition<S extends z.ZodType> {
  readonly type: string;
  readonly version: number;
  readonly payload: S;
}

export function defineMessage<S extends z.ZodType>(type: string, version: number, payload: S): MessageDefinition<S> {
  return { type, version, payload };
}

export type PayloadOf<D> = D extends MessageDefinition<infer S> ? z.infer<S> : never;

export interface EnvelopeInit<P> {
  tenantId: string;
  verificationId: string | null;
  payload: P;
  traceparent?: string | null;
  occurredAt?: Date;
  eventId?: string;
}

export function createEnvelope<S extends z.ZodType>(
  definition: MessageDefinition<S>,
  init: EnvelopeInit<z.infer<S>>,
): Envelope<z.infer<S>> {
  return {
    eventId: init.eventId ?? uuidv7(),
    type: definition.type,
    version: definition.version,
    occurredAt: (init.occurredAt ?? new Date()).toISOString(),
    tenantId: init.tenantId,
    verificationId: init.verificationId,
    traceparent: init.traceparent ?? null,
    payload: definition.payload.parse(init.payload),
  };
}

export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(`${message}: ${issues.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Parses raw bytes or an object into an envelope of one of the given definitions, or throws ContractViolation. */
export function parseEnvelope<S extends z.ZodType>(
  raw: unknown,
  definitions: readonly MessageDefinition<S>[],
): Envelope<z.infer<S>> {
  let value = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      value = JSON.parse(raw.toString());
    } catch {
      throw new ContractViolation('message is not JSON', ['(root): unparseable']);
    }
  }
  const envelope = EnvelopeSchema.safeParse(value);
  if (!envelope.success) throw new ContractViolation('invalid envelope', describeIssues(envelope.error));
  const definition = definitions.find((d) => d.type === envelope.data.type && d.version === envelope.data.version);
  if (!definition) {
    throw new ContractViolation('unknown message', [
      `${envelope.data.type} v${envelope.data.version} not accepted here`,
    ]);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success)
    throw new ContractViolation(`invalid ${definition.type} payload`, describeIssues(payload.error));
  return { ...envelope.data, payload: payload.data };
}

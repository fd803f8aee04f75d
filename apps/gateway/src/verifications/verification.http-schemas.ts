import { z } from 'zod';
import {
  ChannelSchema,
  CodeSchema,
  RequestVerificationFields,
  VerificationIdSchema,
  checkPlan,
} from '@tessera/contracts';

/** A destination: 3 to 320 characters once trimmed (the pattern says so in the OpenAPI document too). */
const DestinationField = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .regex(/^\s*\S[\s\S]+\S\s*$/, 'at least 3 characters besides surrounding spaces');

/** HTTP bodies; unknown fields are refused (400) rather than ignored. */
export const CreateVerificationBody = RequestVerificationFields.omit({ idempotencyKey: true })
  .extend({ to: DestinationField })
  .superRefine(checkPlan);
export const CheckByIdBody = z.object({ code: CodeSchema }).strict();
export const CheckByDestinationBody = z.object({ to: DestinationField, code: CodeSchema }).strict();
export const ResendBody = z.object({ channel: ChannelSchema.optional() }).strict();
export const EmptyBody = z.object({}).strict();
export const VerificationIdParam = z.object({ id: VerificationIdSchema });
export const IdempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII');

/**
 * Parses with a schema or throws the ZodError the problem filter turns into a 400 with field errors. No body at
 * all reads as `{}`; a JSON `null` is a body of the wrong type, refused like any other.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return schema.parse(body === undefined ? {} : body);
}

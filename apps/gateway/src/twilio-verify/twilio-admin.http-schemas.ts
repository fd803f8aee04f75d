import { z } from 'zod';

export const CreateTwilioCredentialBody = z
  .object({
    /** `account`: the tenant's account sid (AC…) and a new auth token, replacing the one before; `api_key`: SK… and a secret. */
    kind: z.enum(['account', 'api_key']),
    friendlyName: z.string().min(1).max(64).optional(),
  })
  .strict();

export const TwilioCredentialSidParam = z
  .string()
  .regex(/^(AC|SK)[0-9a-f]{32}$/, 'an account sid AC… or an API key sid SK…');

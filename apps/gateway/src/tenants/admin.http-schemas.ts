import { z } from 'zod';
import { TenantIdSchema, TenantPolicySchema } from '@tessera/contracts';

export const CreateTenantBody = z
  .object({ id: TenantIdSchema, name: z.string().min(1).max(200), policy: TenantPolicySchema.partial().optional() })
  .strict();
export const CreateKeyBody = z.object({ name: z.string().min(1).max(100).default('default') }).strict();
export const UpdatePolicyBody = z.object({ policy: TenantPolicySchema.partial() }).strict();
export const KeyPrefixParam = z.object({ keyId: z.string().regex(/^tsk_[0-9a-f]{8}$/, 'key id like tsk_1a2b3c4d') });

import { z } from 'zod';
import { defineMessage } from '../envelope';
import { ChannelSchema, LocaleSchema } from '../common.schemas';

export const TemplateSetSchema = z
  .object({
    text: z.string().min(1).max(1000),
    subject: z.string().min(1).max(200).optional(),
    html: z.string().min(1).max(20000).optional(),
    whatsappTemplate: z.string().min(1).max(512).optional(),
  })
  .strict();

/** The tenant policy the otp-service enforces. Every field is optional on input; defaults are safe. */
export const TenantPolicySchema = z
  .object({
    allowedChannels: z.array(ChannelSchema).min(1),
    defaultPlan: z.array(ChannelSchema).min(1).max(3),
    codeLength: z.number().int().min(4).max(10),
    ttlSeconds: z.number().int().min(30).max(600),
    maxChecks: z.number().int().min(1).max(10),
    maxSendsPerVerification: z.number().int().min(1).max(10),
    maxSendsPerDestinationPerHour: z.number().int().min(1).max(100),
    resendCooldownsSeconds: z.array(z.number().int().min(0).max(3600)).min(1).max(10),
    allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).nullable(),
    stepTimeoutSeconds: z.record(ChannelSchema, z.number().int().min(1).max(3600)),
    brand: z.string().min(1).max(100),
    defaultLocale: LocaleSchema,
    templates: z.record(LocaleSchema, TemplateSetSchema),
    requestsPerMinute: z.number().int().min(1).max(100000),
  })
  .strict();
export type TenantPolicy = z.infer<typeof TenantPolicySchema>;

/**
 * The tenant's bus secret is not in here: both sides derive it (libs/crypto tenant-bus-secret.ts), so no
 * secret crosses the bus. The schema is strict, so a payload that still carries one is refused.
 */
export const ConfigureTenantPayloadSchema = z
  .object({
    policy: TenantPolicySchema.partial().optional(),
  })
  .strict();
export type ConfigureTenantPayload = z.infer<typeof ConfigureTenantPayloadSchema>;

export const ConfigureTenantV1 = defineMessage('ConfigureTenant', 1, ConfigureTenantPayloadSchema);

import { z } from 'zod';
import { LocaleSchema } from '@tessera/contracts';
import { TwilioError, TwilioErrorCodes } from './twilio-error';
import { sidPattern } from './twilio-sid';

/**
 * The form bodies of /v2, as Twilio's SDKs send them (application/x-www-form-urlencoded, Twilio's PascalCase
 * names). Parameters Twilio has and Tessera gives no meaning are accepted: a Service echoes them back, a
 * Verification ignores them. Unknown parameters are dropped, as Twilio does.
 */
const text = (max: number) => z.string().max(max);
const flag = z
  .string()
  .regex(/^(true|false)$/i, 'true or false')
  .transform((v) => v.toLowerCase() === 'true');
const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'an integer').transform(Number).pipe(z.number().int().min(min).max(max));

/** What a Service holds: what maps onto its Tessera policy, and what is only echoed. */
export interface TwilioServiceSettings {
  friendlyName: string;
  codeLength: number;
  lookupEnabled: boolean;
  psd2Enabled: boolean;
  skipSmsToLandlines: boolean;
  dtmfInputRequired: boolean;
  ttsName: string | null;
  doNotShareWarningEnabled: boolean;
  pushIncludeDate: boolean;
  pushApnCredentialSid: string | null;
  pushFcmCredentialSid: string | null;
  totpIssuer: string | null;
  totpTimeStep: number;
  totpCodeLength: number;
  totpSkew: number;
  defaultTemplateSid: string | null;
  whatsappMsgServiceSid: string | null;
  whatsappFrom: string | null;
  verifyEventSubscriptionEnabled: boolean;
}

export const DEFAULT_SERVICE_SETTINGS: Omit<TwilioServiceSettings, 'friendlyName' | 'codeLength'> = {
  lookupEnabled: false,
  psd2Enabled: false,
  skipSmsToLandlines: false,
  dtmfInputRequired: true,
  ttsName: null,
  doNotShareWarningEnabled: false,
  pushIncludeDate: true,
  pushApnCredentialSid: null,
  pushFcmCredentialSid: null,
  totpIssuer: null,
  totpTimeStep: 30,
  totpCodeLength: 6,
  totpSkew: 1,
  defaultTemplateSid: null,
  whatsappMsgServiceSid: null,
  whatsappFrom: null,
  verifyEventSubscriptionEnabled: false,
};

/** Form parameter → setting. */
const SERVICE_FIELDS = {
  FriendlyName: ['friendlyName', z.string().trim().min(1).max(64)],
  CodeLength: ['codeLength', integer(4, 10)],
  LookupEnabled: ['lookupEnabled', flag],
  Psd2Enabled: ['psd2Enabled', flag],
  SkipSmsToLandlines: ['skipSmsToLandlines', flag],
  DtmfInputRequired: ['dtmfInputRequired', flag],
  TtsName: ['ttsName', text(100)],
  DoNotShareWarningEnabled: ['doNotShareWarningEnabled', flag],
  'Push.IncludeDate': ['pushIncludeDate', flag],
  'Push.ApnCredentialSid': ['pushApnCredentialSid', text(34)],
  'Push.FcmCredentialSid': ['pushFcmCredentialSid', text(34)],
  'Totp.Issuer': ['totpIssuer', text(100)],
  'Totp.TimeStep': ['totpTimeStep', integer(20, 60)],
  'Totp.CodeLength': ['totpCodeLength', integer(3, 8)],
  'Totp.Skew': ['totpSkew', integer(0, 2)],
  DefaultTemplateSid: ['defaultTemplateSid', text(34)],
  'Whatsapp.MsgServiceSid': ['whatsappMsgServiceSid', text(34)],
  'Whatsapp.From': ['whatsappFrom', text(64)],
  VerifyEventSubscriptionEnabled: ['verifyEventSubscriptionEnabled', flag],
} as const satisfies Record<string, readonly [keyof TwilioServiceSettings, z.ZodType]>;

export const SERVICE_FORM_FIELDS = Object.keys(SERVICE_FIELDS) as (keyof typeof SERVICE_FIELDS)[];

const serviceFormShape: Record<string, z.ZodType> = { CustomCodeEnabled: flag.optional() };
for (const [name, [, schema]] of Object.entries(SERVICE_FIELDS)) serviceFormShape[name] = schema.optional();
/** The Service form, also the OpenAPI document's request body. */
export const ServiceForm = z.object(serviceFormShape);

/** The settings a Service form changes. `FriendlyName` is required to create one. */
export function parseServiceForm(body: unknown, creating: boolean): Partial<TwilioServiceSettings> {
  const form = ServiceForm.parse(body ?? {}) as Record<string, unknown>;
  if (creating && form.FriendlyName === undefined) {
    throw new TwilioError(
      TwilioErrorCodes.invalidParameter,
      'Missing required parameter FriendlyName in the post body',
    );
  }
  if (form.CustomCodeEnabled === true) {
    throw new TwilioError(
      TwilioErrorCodes.featureNotSupported,
      'Service does not support this feature: custom verification codes (Tessera draws every code itself)',
    );
  }
  const settings: Record<string, unknown> = {};
  for (const [name, [setting]] of Object.entries(SERVICE_FIELDS)) {
    if (form[name] !== undefined) settings[setting] = form[name];
  }
  return settings as Partial<TwilioServiceSettings>;
}

/** The channels /v2 sends on; Twilio's `call`, `sna`, `auto` and `rbm` have no Tessera channel. */
export const TWILIO_CHANNELS = ['sms', 'whatsapp', 'email'] as const;

export const CreateVerificationForm = z.object({
  To: z.string().trim().min(3).max(320),
  Channel: z.enum(TWILIO_CHANNELS, { message: `one of ${TWILIO_CHANNELS.join(', ')}` }),
  Locale: LocaleSchema.optional(),
  CustomFriendlyName: text(64).optional(),
  CustomCode: z.string().optional(),
  CustomMessage: z.string().optional(),
  Amount: text(100).optional(),
  Payee: text(100).optional(),
  ChannelConfiguration: text(5000).optional(),
});

export function parseCreateVerificationForm(body: unknown): z.infer<typeof CreateVerificationForm> {
  const form = CreateVerificationForm.parse(body ?? {});
  if (form.CustomCode !== undefined) {
    throw new TwilioError(TwilioErrorCodes.featureNotSupported, 'Service does not support this feature: CustomCode');
  }
  if (form.CustomMessage !== undefined) {
    throw new TwilioError(TwilioErrorCodes.featureNotSupported, 'Service does not support this feature: CustomMessage');
  }
  return form;
}

export const UpdateVerificationForm = z.object({ Status: z.enum(['canceled', 'approved']) });

export const VerificationCheckForm = z
  .object({
    Code: z.string().trim().min(1).max(10),
    To: z.string().trim().min(3).max(320).optional(),
    VerificationSid: z.string().regex(sidPattern('VE'), 'a verification sid VE…').optional(),
    Amount: text(100).optional(),
    Payee: text(100).optional(),
  })
  .refine((f) => Boolean(f.To) !== Boolean(f.VerificationSid), {
    message: 'give To or VerificationSid',
    path: ['To'],
  });

import { z } from 'zod';
import { CreateTwilioCredentialBody } from './twilio-admin.http-schemas';
import { TwilioErrorCodes } from './twilio-error';
import { CreateVerificationForm, ServiceForm, UpdateVerificationForm, VerificationCheckForm } from './twilio-forms';
import { PageQuery } from './twilio-paging';

/** The /v2 (Twilio Verify drop-in) part of the OpenAPI document: form bodies, Twilio's resources and errors. */
const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const form = (name: string) => ({ 'application/x-www-form-urlencoded': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('TwilioError') });
const security = [{ twilioBasic: [] }];

const str = { type: 'string' };
const nullableStr = { type: 'string', nullable: true };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const obj = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});

const sidParam = (name: string, prefix: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: `^${prefix}[0-9a-f]{32}$` },
});
const serviceSid = sidParam('serviceSid', 'VA');
const verificationSid = {
  name: 'sid',
  in: 'path',
  required: true,
  description: 'The VE sid, or the To (E.164 number or email address) of the latest verification sent there',
  schema: { type: 'string', minLength: 1 },
};

/** Answers every /v2 operation may give. */
const common = {
  401: error(`Authentication failed (code ${TwilioErrorCodes.authenticate})`),
  429: error(`Rate limited (code ${TwilioErrorCodes.tooManyRequests}, or a Verify limit); see Retry-After`),
  500: error(`Internal error (code ${TwilioErrorCodes.internal})`),
  503: error(`Tessera's bus did not answer in time (code ${TwilioErrorCodes.unavailable})`),
};
const invalid = error(
  `Invalid parameter (code ${TwilioErrorCodes.invalidParameter}) or an unsupported feature (60204)`,
);
const notFound = error(`No such resource for this account (code ${TwilioErrorCodes.notFound})`);
const withBody = {
  ...common,
  400: invalid,
  413: error('The body is larger than BODY_LIMIT_BYTES (code 60200)'),
  415: error('The body is not application/x-www-form-urlencoded (code 60200)'),
};

export const twilioComponents = {
  securitySchemes: {
    twilioBasic: {
      type: 'http',
      scheme: 'basic',
      description: 'Account sid (AC…) and auth token, or API key sid (SK…) and secret, issued by /admin',
    },
  },
  schemas: {
    TwilioError: obj({ code: int, message: str, more_info: str, status: int }),
    TwilioServiceForm: schema(ServiceForm),
    TwilioCreateVerificationForm: schema(CreateVerificationForm),
    TwilioUpdateVerificationForm: schema(UpdateVerificationForm),
    TwilioVerificationCheckForm: schema(VerificationCheckForm),
    TwilioCreateCredential: schema(CreateTwilioCredentialBody),
    TwilioService: obj({
      sid: str,
      account_sid: str,
      friendly_name: str,
      code_length: int,
      lookup_enabled: bool,
      psd2_enabled: bool,
      skip_sms_to_landlines: bool,
      dtmf_input_required: bool,
      tts_name: nullableStr,
      do_not_share_warning_enabled: bool,
      custom_code_enabled: bool,
      push: obj({ include_date: bool, apn_credential_sid: nullableStr, fcm_credential_sid: nullableStr }),
      totp: obj({ issuer: str, time_step: int, code_length: int, skew: int }),
      default_template_sid: nullableStr,
      whatsapp: obj({ msg_service_sid: nullableStr, from: nullableStr }),
      verify_event_subscription_enabled: bool,
      date_created: { type: 'string', format: 'date-time' },
      date_updated: { type: 'string', format: 'date-time' },
      url: str,
      links: obj({ verifications: str, verification_checks: str }),
    }),
    TwilioServicePage: obj({
      services: { type: 'array', items: ref('TwilioService') },
      meta: obj({
        page: int,
        page_size: int,
        first_page_url: str,
        previous_page_url: nullableStr,
        url: str,
        next_page_url: nullableStr,
        key: str,
      }),
    }),
    TwilioVerification: obj({
      sid: str,
      service_sid: str,
      account_sid: str,
      to: str,
      channel: { type: 'string', enum: ['sms', 'whatsapp', 'email'] },
      status: str,
      valid: bool,
      lookup: { type: 'object' },
      amount: nullableStr,
      payee: nullableStr,
      send_code_attempts: {
        type: 'array',
        items: obj({ attempt_sid: str, channel: str, time: { type: 'string', format: 'date-time' } }),
      },
      date_created: { type: 'string', format: 'date-time' },
      date_updated: { type: 'string', format: 'date-time' },
      sna: { type: 'object', nullable: true },
      url: str,
    }),
    TwilioVerificationCheck: obj({
      sid: str,
      service_sid: str,
      account_sid: str,
      to: str,
      channel: { type: 'string', enum: ['sms', 'whatsapp', 'email'] },
      status: str,
      valid: bool,
      amount: nullableStr,
      payee: nullableStr,
      sna_attempts_error_codes: { type: 'array', items: {} },
      date_created: { type: 'string', format: 'date-time' },
      date_updated: { type: 'string', format: 'date-time' },
    }),
  },
};

const pageParams = Object.entries(
  (z.toJSONSchema(PageQuery, { io: 'input', target: 'openapi-3.0' }) as { properties: Record<string, object> })
    .properties,
).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));

export const twilioPaths = {
  '/v2/Services': {
    post: {
      summary: 'Twilio Verify: create a Service (a Tessera tenant of its own, from the account tenant policy)',
      security,
      requestBody: { required: true, content: form('TwilioServiceForm') },
      responses: { 201: { description: 'The Service', content: json('TwilioService') }, ...withBody },
    },
    get: {
      summary: "Twilio Verify: list the account's Services (Twilio's paging)",
      security,
      parameters: pageParams,
      responses: { 200: { description: 'A page', content: json('TwilioServicePage') }, 400: invalid, ...common },
    },
  },
  '/v2/Services/{serviceSid}': {
    get: {
      summary: 'Twilio Verify: fetch a Service',
      security,
      parameters: [serviceSid],
      responses: { 200: { description: 'The Service', content: json('TwilioService') }, 404: notFound, ...common },
    },
    post: {
      summary: 'Twilio Verify: update a Service',
      security,
      parameters: [serviceSid],
      requestBody: { content: form('TwilioServiceForm') },
      responses: {
        200: { description: 'The Service', content: json('TwilioService') },
        404: notFound,
        ...withBody,
      },
    },
    delete: {
      summary: 'Twilio Verify: delete a Service',
      security,
      parameters: [serviceSid],
      responses: { 204: { description: 'Deleted' }, 404: notFound, ...common },
    },
  },
  '/v2/Services/{serviceSid}/Verifications': {
    post: {
      summary: 'Twilio Verify: start a verification (a pending one to the same To is resent)',
      security,
      parameters: [serviceSid],
      requestBody: { required: true, content: form('TwilioCreateVerificationForm') },
      responses: {
        201: { description: 'The Verification', content: json('TwilioVerification') },
        403: error('Destination country not allowed (60605)'),
        404: notFound,
        ...withBody,
        400: error('Invalid parameter (60200), unsupported feature (60204) or channel disabled (60223)'),
        429: error('Max send attempts (60203), a resend before its cooldown (60212) or rate limited (20429)'),
      },
    },
  },
  '/v2/Services/{serviceSid}/Verifications/{sid}': {
    get: {
      summary: 'Twilio Verify: fetch a Verification by sid or by To',
      security,
      parameters: [serviceSid, verificationSid],
      responses: {
        200: { description: 'The Verification', content: json('TwilioVerification') },
        400: invalid,
        404: notFound,
        ...common,
      },
    },
    post: {
      summary: 'Twilio Verify: update a Verification (Status canceled or approved)',
      security,
      parameters: [serviceSid, verificationSid],
      requestBody: { required: true, content: form('TwilioUpdateVerificationForm') },
      responses: {
        200: { description: 'The Verification', content: json('TwilioVerification') },
        404: error('No such verification, or it has ended (20404)'),
        ...withBody,
      },
    },
  },
  '/v2/Services/{serviceSid}/VerificationCheck': {
    post: {
      summary: 'Twilio Verify: check a code, by To or by VerificationSid',
      description:
        "Keeps Twilio's bare 404 (20404) for a verification that is approved, expired, canceled or failed; " +
        '/v1 names the reason (verification.already_approved, verification.expired, …).',
      security,
      parameters: [serviceSid],
      requestBody: { required: true, content: form('TwilioVerificationCheckForm') },
      responses: {
        200: { description: 'approved, or pending after a wrong code', content: json('TwilioVerificationCheck') },
        404: error('No such verification, or it has ended (20404)'),
        ...withBody,
        429: error('Max check attempts reached (60202) or rate limited (20429)'),
      },
    },
  },
  '/admin/tenants/{tenantId}/twilio-credentials': {
    post: {
      summary: "Issue a tenant's Twilio credential for /v2: its account auth token, or an API key (secret shown once)",
      security: [{ adminToken: [] }],
      parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: ref('TwilioCreateCredential') } } },
      responses: { 201: { description: 'The credential and its secret' } },
    },
    get: {
      summary: "List a tenant's Twilio credentials (no secrets)",
      security: [{ adminToken: [] }],
      parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'Credentials' } },
    },
  },
  '/admin/tenants/{tenantId}/twilio-credentials/{sid}': {
    delete: {
      summary: 'Revoke a Twilio credential',
      security: [{ adminToken: [] }],
      parameters: [
        { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'sid', in: 'path', required: true, schema: { type: 'string', pattern: '^(AC|SK)[0-9a-f]{32}$' } },
      ],
      responses: { 204: { description: 'Revoked' } },
    },
  },
};

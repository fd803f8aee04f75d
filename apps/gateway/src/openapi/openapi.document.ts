import { z } from 'zod';
import { Channels, CheckResultSchema, ErrorCodes, VerificationViewSchema } from '@tessera/contracts';
import {
  CheckByDestinationBody,
  CheckByIdBody,
  CreateVerificationBody,
  ResendBody,
} from '../verifications/verification.http-schemas';
import { CreateKeyBody, CreateTenantBody, UpdatePolicyBody } from '../tenants/admin.http-schemas';
import { twilioComponents, twilioPaths } from '../twilio-verify/twilio-openapi';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^vf_[0-9a-f]{32}$' } };
const unavailable = {
  503: problem('The otp-service did not answer in time (code upstream.timeout); retry, with the same Idempotency-Key'),
};
const errors = {
  400: problem('Invalid input (code request.invalid or request.malformed_json)'),
  401: problem('Missing, wrong or revoked API key'),
  403: problem('The API key belongs to a tenant the otp-service does not know (code tenant.not_found)'),
  404: problem('No such verification for this tenant'),
  429: problem('Rate limited; see Retry-After'),
  ...unavailable,
};
const bodyOnly = {
  413: problem('The body is too large (code request.too_large)'),
  415: problem('The body is not JSON (code request.unsupported_media_type); send content-type: application/json'),
};
const bodyErrors = { ...errors, ...bodyOnly };
const adminErrors = {
  400: problem('Invalid input (code request.invalid or request.malformed_json)'),
  401: problem('Missing or wrong admin token'),
  404: problem('No such tenant or key'),
};
const adminBodyErrors = { ...adminErrors, ...bodyOnly };
const inconsistentPolicy = {
  422: problem(
    'A policy whose fields disagree, e.g. a default plan with a channel not allowed (code policy.inconsistent)',
  ),
};
const tenantIdParam = {
  name: 'tenantId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{1,62}$' },
};

type Operation = { parameters?: Array<{ name: string }>; requestBody?: unknown; responses: Record<string, unknown> };

/** The Twilio module's admin routes get the admin routes' tenant id pattern and error statuses. */
function withAdminConventions(paths: Record<string, Record<string, Operation>>): Record<string, unknown> {
  const out: Record<string, Record<string, Operation>> = {};
  for (const [path, operations] of Object.entries(paths)) {
    if (!path.startsWith('/admin/')) {
      out[path] = operations;
      continue;
    }
    out[path] = Object.fromEntries(
      Object.entries(operations).map(([method, op]) => [
        method,
        {
          ...op,
          parameters: op.parameters?.map((p) => (p.name === 'tenantId' ? tenantIdParam : p)),
          responses: { ...op.responses, ...(op.requestBody ? adminBodyErrors : adminErrors) },
        },
      ]),
    );
  }
  return out;
}

/**
 * What the request's refinements check that zod cannot write into a schema: the plan's channels do not repeat
 * and come as `channel` or `channels`, not both; metadata has at most 20 keys.
 */
function createVerificationSchema(): Record<string, unknown> {
  const created = schema(CreateVerificationBody) as { properties: Record<string, Record<string, unknown>> };
  created.properties.channels.uniqueItems = true;
  created.properties.metadata.maxProperties = 20;
  return { ...created, not: { required: ['channel', 'channels'] } };
}

/** A policy's per-channel step timeouts are an object of exactly the three channels (zod writes a bare map). */
function withPolicyKeys(body: Record<string, unknown>): Record<string, unknown> {
  const policy = (body as { properties: { policy: { properties: Record<string, Record<string, unknown>> } } })
    .properties.policy.properties;
  const timeouts = policy.stepTimeoutSeconds;
  const perChannel = timeouts.additionalProperties;
  policy.stepTimeoutSeconds = {
    ...timeouts,
    properties: Object.fromEntries(Channels.map((c) => [c, perChannel])),
    additionalProperties: false,
  };
  return body;
}

/** The OpenAPI 3 document, built from the same zod schemas that validate requests. */
export function buildOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tessera API',
      version: '1.0.0',
      description:
        'Send one-time codes over WhatsApp, SMS and email, and check them. Errors are RFC 9457 problem+json with a stable `code`. ' +
        "Under /v2, a drop-in for Twilio Verify v2: Twilio's form bodies, resources, paging and error body.",
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A tenant API key: tsk_…' },
        adminToken: { type: 'apiKey', in: 'header', name: 'X-Admin-Token' },
        ...twilioComponents.securitySchemes,
      },
      schemas: {
        CreateVerification: createVerificationSchema(),
        Verification: schema(VerificationViewSchema),
        CheckById: schema(CheckByIdBody),
        CheckByDestination: schema(CheckByDestinationBody),
        CheckResult: schema(CheckResultSchema),
        Resend: schema(ResendBody),
        CreateTenant: withPolicyKeys(schema(CreateTenantBody)),
        CreateKey: schema(CreateKeyBody),
        UpdatePolicy: withPolicyKeys(schema(UpdatePolicyBody)),
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string', enum: Object.values(ErrorCodes) },
            detail: { type: 'string' },
            retryAfter: { type: 'integer' },
            attemptsRemaining: { type: 'integer' },
            reason: { type: 'string' },
          },
        },
        ...twilioComponents.schemas,
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/verifications': {
        post: {
          summary: 'Start a verification (send a code)',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
            },
          ],
          requestBody: { required: true, content: json('CreateVerification') },
          responses: {
            201: { description: 'Pending verification', content: json('Verification') },
            422: problem('Destination or policy refused'),
            ...bodyErrors,
          },
        },
      },
      '/v1/verifications/{id}': {
        get: {
          summary: 'Read a verification and its delivery attempts',
          parameters: [idParam],
          responses: { 200: { description: 'The verification', content: json('Verification') }, ...errors },
        },
      },
      '/v1/verifications/{id}/check': {
        post: {
          summary: 'Check a code',
          parameters: [idParam],
          requestBody: { required: true, content: json('CheckById') },
          responses: {
            200: { description: 'approved, or pending with attemptsRemaining', content: json('CheckResult') },
            409: problem('Already approved, canceled, failed or out of attempts'),
            410: problem('Expired'),
            ...bodyErrors,
          },
        },
      },
      '/v1/verification-checks': {
        post: {
          summary: 'Check a code by destination',
          requestBody: { required: true, content: json('CheckByDestination') },
          responses: {
            200: { description: 'Check result', content: json('CheckResult') },
            409: problem('Ended'),
            410: problem('Expired'),
            ...bodyErrors,
          },
        },
      },
      '/v1/verifications/{id}/resend': {
        post: {
          summary: 'Resend the same code',
          parameters: [idParam],
          requestBody: { content: json('Resend') },
          responses: {
            200: { description: 'Resent', content: json('Verification') },
            409: problem('Ended'),
            410: problem('Expired'),
            422: problem('Channel not allowed, or unable to reach this destination'),
            ...bodyErrors,
          },
        },
      },
      '/v1/verifications/{id}/cancel': {
        post: {
          summary: 'Cancel a pending verification',
          parameters: [idParam],
          responses: {
            200: { description: 'Canceled', content: json('Verification') },
            409: problem('Already ended'),
            410: problem('Expired'),
            ...bodyErrors,
          },
        },
      },
      '/admin/tenants': {
        post: {
          summary: 'Create a tenant (returns its first API key and bus secret once)',
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: json('CreateTenant') },
          responses: {
            201: { description: 'Created' },
            ...adminBodyErrors,
            409: problem('A tenant with this id exists (code tenant.exists)'),
            ...inconsistentPolicy,
            ...unavailable,
          },
        },
      },
      '/admin/tenants/{tenantId}/policy': {
        patch: {
          summary: "Change a tenant's policy",
          security: [{ adminToken: [] }],
          parameters: [tenantIdParam],
          requestBody: { required: true, content: json('UpdatePolicy') },
          responses: {
            200: { description: 'The policy now in force' },
            ...adminBodyErrors,
            ...inconsistentPolicy,
            ...unavailable,
          },
        },
      },
      '/admin/tenants/{tenantId}/keys': {
        post: {
          summary: 'Issue an API key (shown once)',
          security: [{ adminToken: [] }],
          parameters: [tenantIdParam],
          requestBody: { content: json('CreateKey') },
          responses: { 201: { description: 'The key' }, ...adminBodyErrors },
        },
        get: {
          summary: 'List API keys (no secrets)',
          security: [{ adminToken: [] }],
          parameters: [tenantIdParam],
          responses: { 200: { description: 'Keys' }, ...adminErrors },
        },
      },
      '/admin/tenants/{tenantId}/keys/{keyId}': {
        delete: {
          summary: 'Revoke an API key',
          security: [{ adminToken: [] }],
          parameters: [
            tenantIdParam,
            { name: 'keyId', in: 'path', required: true, schema: { type: 'string', pattern: '^tsk_[0-9a-f]{8}$' } },
          ],
          responses: { 204: { description: 'Revoked' }, ...adminErrors },
        },
      },
      ...withAdminConventions(twilioPaths),
    },
  };
}

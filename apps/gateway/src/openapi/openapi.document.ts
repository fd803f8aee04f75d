import { z } from 'zod';
import { CheckResultSchema, ErrorCodes, VerificationViewSchema } from '@tessera/contracts';
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
const errors = {
  400: problem('Invalid input (code request.invalid or request.malformed_json)'),
  401: problem('Missing, wrong or revoked API key'),
  404: problem('No such verification for this tenant'),
  429: problem('Rate limited; see Retry-After'),
};
const bodyErrors = {
  ...errors,
  415: problem('The body is not JSON (code request.unsupported_media_type); send content-type: application/json'),
};

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
        CreateVerification: schema(CreateVerificationBody),
        Verification: schema(VerificationViewSchema),
        CheckById: schema(CheckByIdBody),
        CheckByDestination: schema(CheckByDestinationBody),
        CheckResult: schema(CheckResultSchema),
        Resend: schema(ResendBody),
        CreateTenant: schema(CreateTenantBody),
        CreateKey: schema(CreateKeyBody),
        UpdatePolicy: schema(UpdatePolicyBody),
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
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } },
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
            ...bodyErrors,
          },
        },
      },
      '/admin/tenants': {
        post: {
          summary: 'Create a tenant (returns its first API key and bus secret once)',
          security: [{ adminToken: [] }],
          requestBody: { required: true, content: json('CreateTenant') },
          responses: { 201: { description: 'Created' }, 401: problem('Bad admin token') },
        },
      },
      '/admin/tenants/{tenantId}/policy': {
        patch: {
          summary: "Change a tenant's policy",
          security: [{ adminToken: [] }],
          parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: json('UpdatePolicy') },
          responses: { 200: { description: 'The policy now in force' } },
        },
      },
      '/admin/tenants/{tenantId}/keys': {
        post: {
          summary: 'Issue an API key (shown once)',
          security: [{ adminToken: [] }],
          parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: json('CreateKey') },
          responses: { 201: { description: 'The key' } },
        },
        get: {
          summary: 'List API keys (no secrets)',
          security: [{ adminToken: [] }],
          parameters: [{ name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'Keys' } },
        },
      },
      '/admin/tenants/{tenantId}/keys/{keyId}': {
        delete: {
          summary: 'Revoke an API key',
          security: [{ adminToken: [] }],
          parameters: [
            { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'keyId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { 204: { description: 'Revoked' } },
        },
      },
      ...twilioPaths,
    },
  };
}

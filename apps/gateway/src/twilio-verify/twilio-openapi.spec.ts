import { buildOpenApiDocument } from '../openapi/openapi.document';

type Operation = {
  security?: unknown[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
};

describe('the OpenAPI document for /v2', () => {
  const document = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/v2/'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method} ${path}`, op] as const));

  it('describes every /v2 route', () => {
    expect(operations.map(([name]) => name).sort()).toEqual(
      [
        'delete /v2/Services/{serviceSid}',
        'get /v2/Services',
        'get /v2/Services/{serviceSid}',
        'get /v2/Services/{serviceSid}/Verifications/{sid}',
        'post /v2/Services',
        'post /v2/Services/{serviceSid}',
        'post /v2/Services/{serviceSid}/VerificationCheck',
        'post /v2/Services/{serviceSid}/Verifications',
        'post /v2/Services/{serviceSid}/Verifications/{sid}',
      ].sort(),
    );
  });

  it.each(operations)('%s: Basic auth, form bodies only, errors in Twilio shape', (_name, op) => {
    expect(op.security).toEqual([{ twilioBasic: [] }]);
    if (op.requestBody) {
      expect(Object.keys(op.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
      expect(op.responses['415']).toBeDefined();
    }
    expect(op.responses['401']).toBeDefined();
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) >= 400) {
        expect(response.content!['application/json']!.schema.$ref).toBe('#/components/schemas/TwilioError');
      }
    }
  });
});

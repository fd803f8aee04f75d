import { buildOpenApiDocument } from '../openapi/openapi.document';
import { allowedMethods } from './method-not-allowed';

describe('allowedMethods', () => {
  it('lists what each documented path serves, with HEAD where GET is served', () => {
    const allowed = allowedMethods(buildOpenApiDocument().paths as Record<string, Record<string, unknown>>);
    expect(allowed.get('/v1/verifications')).toEqual(['POST']);
    expect(allowed.get('/v1/verifications/{id}')).toEqual(['GET', 'HEAD']);
    expect(allowed.get('/admin/tenants/{tenantId}/keys')).toEqual(['GET', 'HEAD', 'POST']);
  });
});

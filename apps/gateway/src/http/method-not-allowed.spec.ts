import { buildOpenApiDocument } from '../openapi/openapi.document';
import { allowedMethods, methodsFor } from './method-not-allowed';

describe('allowedMethods', () => {
  it('lists what each documented path serves, with HEAD where GET is served', () => {
    const allowed = allowedMethods(buildOpenApiDocument().paths as Record<string, Record<string, unknown>>);
    expect(allowed.get('/v1/verifications')).toEqual(['POST']);
    expect(allowed.get('/v1/verifications/{id}')).toEqual(['GET', 'HEAD']);
    expect(allowed.get('/admin/tenants/{tenantId}/keys')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('finds the documented path of a request URL, parameters and query included', () => {
    const lookup = methodsFor(allowedMethods(buildOpenApiDocument().paths as Record<string, Record<string, unknown>>));
    expect(lookup(`/v1/verifications/vf_${'0'.repeat(32)}/check?x=1`)?.path).toBe('/v1/verifications/{id}/check');
    expect(lookup('/admin/tenants/acme/keys/tsk_1a2b3c4d')?.methods).toEqual(['DELETE']);
    expect(lookup('/v1/verifications/a/b/c')).toBeNull();
    expect(lookup('/health/ready')).toBeNull();
  });
});

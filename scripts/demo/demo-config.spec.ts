import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfigFromEnv, readEnvFile } from './demo-config';
import { DemoError } from './demo-error';

describe('demoConfigFromEnv', () => {
  const home = mkdtempSync(join(tmpdir(), 'tessera-demo-'));
  writeFileSync(join(home, 'secrets.env'), 'OTP_SEAL_ACTIVE_KID=k1\nADMIN_TOKEN=from-file\n');

  it("defaults to the local system's addresses and the token npm run up generated", () => {
    expect(demoConfigFromEnv({ TESSERA_HOME: home })).toEqual({
      gatewayUrl: 'http://127.0.0.1:3000',
      sandboxUrl: 'http://127.0.0.1:4000',
      adminToken: 'from-file',
      adminTokenSource: join(home, 'secrets.env'),
      tenantId: 'demo',
    });
  });

  it('takes every setting from the environment when given', () => {
    expect(
      demoConfigFromEnv({
        TESSERA_HOME: home,
        ADMIN_TOKEN: 'from-env',
        TESSERA_GATEWAY_URL: 'http://127.0.0.1:13000/',
        TESSERA_SANDBOX_URL: 'http://127.0.0.1:14000',
        TESSERA_DEMO_TENANT: 'demo-e2e',
      }),
    ).toEqual({
      gatewayUrl: 'http://127.0.0.1:13000',
      sandboxUrl: 'http://127.0.0.1:14000',
      adminToken: 'from-env',
      adminTokenSource: 'ADMIN_TOKEN',
      tenantId: 'demo-e2e',
    });
  });

  it('names npm run up when there is no token anywhere', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tessera-demo-'));
    expect(() => demoConfigFromEnv({ TESSERA_HOME: empty })).toThrow(DemoError);
    try {
      demoConfigFromEnv({ TESSERA_HOME: empty });
    } catch (error) {
      expect((error as DemoError).fix).toContain('npm run up');
    }
  });

  it('reads KEY=value lines', () => {
    expect(readEnvFile('# comment\nA=1\nB=x=y\n\n')).toEqual({ A: '1', B: 'x=y' });
  });
});

import type { CurlHeader } from './curl-line';
import type { DemoConfig } from './demo-config';
import { DemoError } from './demo-error';
import type { Answer, RecordingClient } from './recording-client';

export interface DemoTenant {
  id: string;
  apiKey: string;
  /** True when this run created the tenant; false when it existed and got a new key. */
  created: boolean;
}

/** The demo tenant's policy: WhatsApp first, SMS when WhatsApp fails. */
export const DEMO_POLICY = { defaultPlan: ['whatsapp', 'sms'], brand: 'Tessera demo' } as const;

const refused = (step: string, answer: Answer, config: DemoConfig): DemoError => {
  const body = answer.body as { code?: string; detail?: string } | null;
  if (answer.status === 401) {
    return new DemoError(
      `the gateway refused the admin token (401) while trying to ${step}`,
      `The token came from ${config.adminTokenSource}; it must be the running gateway's ADMIN_TOKEN ` +
        '(`npm run up` generated .local/secrets.env and started the gateway with it).',
    );
  }
  return new DemoError(
    `the gateway answered ${answer.status} ${body?.code ?? ''} while trying to ${step}: ${body?.detail ?? JSON.stringify(body)}`,
    'See the gateway and otp-service logs in .local/apps/ (`npm run status` shows what runs).',
  );
};

/**
 * Creates the demo tenant with its first API key; when it exists already (a second run), sets its policy again
 * and issues it a new key, so every run has a key it can print.
 */
export async function ensureDemoTenant(client: RecordingClient, config: DemoConfig): Promise<DemoTenant> {
  const headers: CurlHeader[] = [
    { name: 'X-Admin-Token', value: config.adminToken, asVariable: 'ADMIN_TOKEN' },
    { name: 'content-type', value: 'application/json' },
  ];
  const admin = `${config.gatewayUrl}/admin/tenants`;
  const step = 'create the demo tenant';
  const created = await client.send<{ apiKey: { key: string } }>(step, {
    method: 'POST',
    url: admin,
    headers,
    body: JSON.stringify({ id: config.tenantId, name: 'Tessera demo', policy: DEMO_POLICY }),
  });
  if (created.status === 201) return { id: config.tenantId, apiKey: created.body.apiKey.key, created: true };
  if ((created.body as { code?: string } | null)?.code !== 'tenant.exists') throw refused(step, created, config);

  const policyStep = "set the demo tenant's policy";
  const policy = await client.send(policyStep, {
    method: 'PATCH',
    url: `${admin}/${config.tenantId}/policy`,
    headers,
    body: JSON.stringify({ policy: DEMO_POLICY }),
  });
  if (policy.status !== 200) throw refused(policyStep, policy, config);
  const keyStep = 'issue the demo tenant a new API key';
  const key = await client.send<{ key: string }>(keyStep, {
    method: 'POST',
    url: `${admin}/${config.tenantId}/keys`,
    headers,
    body: JSON.stringify({ name: 'demo' }),
  });
  if (key.status !== 201) throw refused(keyStep, key, config);
  return { id: config.tenantId, apiKey: key.body.key, created: false };
}

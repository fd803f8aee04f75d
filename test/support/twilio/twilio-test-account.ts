import twilio from 'twilio';
import { GATEWAY, createTenant, http } from '../api';
import type { SystemState } from '../system';

/** Twilio Verify credentials of a fresh tenant, made through the admin API as an operator would. */
export interface TwilioTestAccount {
  tenantId: string;
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
}

export async function createTwilioTestAccount(state: SystemState): Promise<TwilioTestAccount> {
  // every channel, resends without cooldown: the flows run to the send limit quickly
  const tenant = await createTenant(state, { allowedChannels: ['sms', 'whatsapp', 'email'], defaultPlan: ['sms'] });
  const issue = async (kind: 'account' | 'api_key') => {
    const answer = await http('POST', `/admin/tenants/${tenant.id}/twilio-credentials`, {
      headers: { 'x-admin-token': state.secrets.ADMIN_TOKEN },
      body: { kind },
    });
    if (answer.status !== 201)
      throw new Error(`credential creation failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { sid: string; accountSid: string; secret: string };
  };
  const account = await issue('account');
  const key = await issue('api_key');
  return {
    tenantId: tenant.id,
    accountSid: account.accountSid,
    authToken: account.secret,
    apiKeySid: key.sid,
    apiKeySecret: key.secret,
  };
}

/**
 * The official SDK's own extension point: a RequestClient (what `httpClient` takes) that sends what the SDK
 * addresses to Twilio's Verify host to the gateway instead. Nothing else of the SDK is changed.
 */
export class GatewayRequestClient extends twilio.RequestClient {
  override request<TData>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: TData }) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/verify\.twilio\.com/, GATEWAY) });
  }
}

export function twilioClient(username: string, password: string, accountSid?: string) {
  return twilio(username, password, { httpClient: new GatewayRequestClient(), ...(accountSid ? { accountSid } : {}) });
}

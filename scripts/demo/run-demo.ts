import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CurlHeader } from './curl-line';
import type { DemoConfig } from './demo-config';
import { DemoError } from './demo-error';
import { ensureDemoTenant } from './demo-tenant';
import { DeliveryTimeline } from './delivery-timeline';
import { type InboxMessage, inboxLine } from './inbox-view';
import { type Answer, RecordingClient, type RecordedCall } from './recording-client';
import { checkSystemIsUp } from './system-check';
import { type VerificationView, attemptsSummary } from './verification-view';

/** How often the demo looks again (a person watching, not a load test). */
const POLL_MS = 200;
const DELIVERY_TIMEOUT_MS = 60_000;

export interface DemoResult {
  verificationId: string;
  code: string;
  final: VerificationView;
  calls: RecordedCall[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh valid mobile number ending in 0013, the sandbox's "not a WhatsApp user" (apps/sandbox/README.md). */
export function notOnWhatsappNumber(): string {
  for (;;) {
    const candidate = `+4479${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}0013`;
    if (parsePhoneNumberFromString(candidate)?.isValid()) return candidate;
  }
}

const unexpected = (step: string, answer: Answer): DemoError =>
  new DemoError(
    `unexpected answer ${answer.status} while trying to ${step}: ${JSON.stringify(answer.body)}`,
    'See the logs in .local/apps/ (`npm run status` shows what runs).',
  );

/** The fields worth a glance in an answer; never a secret (the tenant's bus secret stays out of the output). */
function glance(body: unknown): string {
  if (typeof body !== 'object' || body === null) return JSON.stringify(body);
  const record = body as Record<string, unknown>;
  if (Array.isArray(record.messages)) return `${record.messages.length} message(s)`;
  const picked = ['id', 'tenantId', 'status', 'valid', 'reason', 'channel', 'code', 'detail']
    .filter((field) => record[field] !== undefined)
    .map((field) => `${field}: ${JSON.stringify(record[field])}`);
  return picked.join(', ');
}

/**
 * The newcomer's tour, against a running system: a demo tenant, a verification to a number WhatsApp does not know
 * with the WhatsApp → SMS plan, each delivery status as it happens, the code read from the sandbox's inbox as a
 * person reads their phone, the check, and the curl commands that repeat every step.
 */
export async function runDemo(config: DemoConfig, print: (line: string) => void): Promise<DemoResult> {
  await checkSystemIsUp(config);
  const client = new RecordingClient();
  print(`Tessera demo: gateway ${config.gatewayUrl}, sandbox ${config.sandboxUrl}`);

  const tenant = await ensureDemoTenant(client, config);
  print(
    tenant.created
      ? `1. Created tenant "${tenant.id}" (plan: whatsapp, then sms) with API key ${tenant.apiKey}`
      : `1. Tenant "${tenant.id}" exists: set its plan again (whatsapp, then sms), new API key ${tenant.apiKey}`,
  );
  const auth: CurlHeader = { name: 'Authorization', value: `Bearer ${tenant.apiKey}` };
  const json: CurlHeader = { name: 'content-type', value: 'application/json' };

  const to = notOnWhatsappNumber();
  const requestedAt = Date.now();
  const created = await client.send<VerificationView>('start the verification', {
    method: 'POST',
    url: `${config.gatewayUrl}/v1/verifications`,
    headers: [auth, json],
    body: JSON.stringify({ to, channels: ['whatsapp', 'sms'] }),
  });
  if (created.status !== 201) throw unexpected('start the verification', created);
  const id = created.body.id;
  print(`2. Started verification ${id} to ${to} (the sandbox's "not a WhatsApp user"), plan whatsapp → sms.`);
  print(`   Its deliveries, as GET /v1/verifications/${id} shows them (read every ${POLL_MS} ms; times: when seen):`);

  const timeline = new DeliveryTimeline((line) => print(line), requestedAt);
  await untilSmsDelivered(client, config, auth, id, (v) => timeline.show(v));

  const inbox = await client.send<{ messages: InboxMessage[] }>('read the inbox', {
    method: 'GET',
    url: `${config.sandboxUrl}/api/messages?to=${encodeURIComponent(to)}`,
    headers: [],
  });
  if (inbox.status !== 200) throw unexpected('read the inbox', inbox);
  const sms = inbox.body.messages.find((m) => m.channel === 'sms' && m.code);
  if (!sms?.code) throw unexpected('find the SMS in the inbox', inbox);
  print(`3. The phone (the sandbox inbox, ${config.sandboxUrl}/inbox?to=${encodeURIComponent(to)}) shows:`);
  for (const message of [...inbox.body.messages].reverse()) print(`     ${inboxLine(message)}`);
  print(`   The SMS reads "${sms.text}": the code is ${sms.code}`);

  const check = await client.send<{ status: string; valid: boolean }>('check the code', {
    method: 'POST',
    url: `${config.gatewayUrl}/v1/verifications/${id}/check`,
    headers: [auth, json],
    body: JSON.stringify({ code: sms.code }),
  });
  if (check.status !== 200 || check.body.status !== 'approved') throw unexpected('check the code', check);
  print(`4. Checked code ${sms.code}: ${check.body.status} (valid: ${check.body.valid})`);

  const final = await readVerification(client, config, auth, id);
  print(`5. ${id} is ${final.status}: ${attemptsSummary(final)}`);
  printCurlLines(client.calls, config, print);
  return { verificationId: id, code: sms.code, final, calls: client.calls };
}

async function readVerification(
  client: RecordingClient,
  config: DemoConfig,
  auth: CurlHeader,
  id: string,
): Promise<VerificationView> {
  const answer = await client.send<VerificationView>('read the verification', {
    method: 'GET',
    url: `${config.gatewayUrl}/v1/verifications/${id}`,
    headers: [auth],
  });
  if (answer.status !== 200) throw unexpected('read the verification', answer);
  return answer.body;
}

/** Reads the verification every POLL_MS and shows what changed, until an SMS attempt is delivered. */
async function untilSmsDelivered(
  client: RecordingClient,
  config: DemoConfig,
  auth: CurlHeader,
  id: string,
  show: (view: VerificationView) => void,
): Promise<VerificationView> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    const view = await readVerification(client, config, auth, id);
    show(view);
    if (view.deliveries.some((d) => d.channel === 'sms' && d.history.some((h) => h.status === 'delivered'))) {
      return view;
    }
    if (view.status !== 'pending') {
      throw new DemoError(
        `the verification ended as ${view.status} (${view.reason ?? 'no reason given'}) before an SMS was delivered`,
        'See the channel logs in .local/apps/ (`npm run status` shows what runs).',
      );
    }
    if (Date.now() > deadline) {
      throw new DemoError(
        `no SMS delivered within ${DELIVERY_TIMEOUT_MS / 1000} s (so far: ${attemptsSummary(view) || 'no attempt'})`,
        'Are channel-whatsapp and channel-sms running? `npm run status`; their logs are in .local/apps/.',
      );
    }
    await sleep(POLL_MS);
  }
}

function printCurlLines(calls: RecordedCall[], config: DemoConfig, print: (line: string) => void): void {
  const tokenHint =
    config.adminTokenSource === 'ADMIN_TOKEN'
      ? ' from your environment'
      : `, so first: source ${config.adminTokenSource}`;
  print('');
  print(
    `The requests above, to repeat any step by hand (this run's values; the admin ones read $ADMIN_TOKEN${tokenHint}):`,
  );
  for (const call of calls) {
    print(`# ${call.step}`);
    print(call.curl);
    print(`#   → ${call.status} ${glance(call.body)}`.trimEnd());
  }
}

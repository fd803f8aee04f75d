import { DeliveryTimeline } from './delivery-timeline';
import type { DeliveryView, VerificationView } from './verification-view';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
const at = (ms: number) => new Date(T0 + ms).toISOString();

const view = (deliveries: DeliveryView[]): VerificationView => ({
  id: 'vf_1',
  status: 'pending',
  reason: null,
  channel: deliveries[deliveries.length - 1]!.channel,
  plan: ['whatsapp', 'sms'],
  deliveries,
});

describe('DeliveryTimeline', () => {
  it('prints each status once, when it was seen, with the error code and the fallback', () => {
    const lines: string[] = [];
    let now = T0;
    const timeline = new DeliveryTimeline(
      (line) => lines.push(line),
      T0,
      () => now,
    );
    const whatsapp: DeliveryView = {
      attempt: 1,
      channel: 'whatsapp',
      provider: 'meta-cloud',
      providerMessageId: 'wamid.1',
      status: 'sent',
      errorCode: null,
      history: [
        { status: 'queued', at: at(50), errorCode: null },
        { status: 'sent', at: at(120), errorCode: null },
      ],
    };
    now = T0 + 200;
    timeline.show(view([whatsapp]));
    // Meta reports whole seconds: the record sorts the failure before `sent`; the demo still shows it after
    const failed: DeliveryView = {
      ...whatsapp,
      status: 'failed',
      errorCode: '131026',
      history: [whatsapp.history[0]!, { status: 'failed', at: at(0), errorCode: '131026' }, whatsapp.history[1]!],
    };
    const sms: DeliveryView = {
      attempt: 2,
      channel: 'sms',
      provider: 'twilio',
      providerMessageId: null,
      status: 'queued',
      errorCode: null,
      history: [{ status: 'queued', at: at(410), errorCode: null }],
    };
    now = T0 + 400;
    timeline.show(view([failed, sms]));
    now = T0 + 600;
    timeline.show(view([failed, sms]));
    expect(lines).toEqual([
      '  12:00:00.200  +0.20 s  whatsapp queued',
      '  12:00:00.200  +0.20 s  whatsapp sent      meta-cloud accepted it as wamid.1',
      '  12:00:00.400  +0.40 s  whatsapp failed    error 131026 from meta-cloud',
      '  12:00:00.400  +0.40 s  sms queued         fallback: whatsapp failed with 131026, the same code goes by sms',
    ]);
  });
});

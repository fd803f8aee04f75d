/** The parts of `GET /v1/verifications/{id}` the demo reads. */
export interface HistoryEntry {
  status: string;
  at: string;
  errorCode: string | null;
}

export interface DeliveryView {
  attempt: number;
  channel: string;
  provider: string | null;
  providerMessageId: string | null;
  status: string;
  errorCode: string | null;
  history: HistoryEntry[];
}

export interface VerificationView {
  id: string;
  status: string;
  reason: string | null;
  channel: string;
  plan: string[];
  deliveries: DeliveryView[];
}

/** A short account of where each attempt ended: `whatsapp failed (131026) → sms delivered`. */
export const attemptsSummary = (view: VerificationView): string =>
  view.deliveries.map((d) => `${d.channel} ${d.status}${d.errorCode ? ` (${d.errorCode})` : ''}`).join(' → ');

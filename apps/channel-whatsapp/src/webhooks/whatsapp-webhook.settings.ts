export const WHATSAPP_WEBHOOK_SETTINGS = Symbol('WHATSAPP_WEBHOOK_SETTINGS');

export interface WhatsappWebhookSettings {
  /** Key of `X-Hub-Signature-256` (the Meta app's secret). */
  appSecret: string;
  /** What the verification handshake must present as `hub.verify_token`. */
  verifyToken: string;
}

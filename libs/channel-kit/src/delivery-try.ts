/**
 * Kafka headers of a republished OtpRequested (a retry of a transient provider failure): which try of the
 * attempt it is, and not before when it may be sent. Read only by the channel that republished it; a message
 * without them is the first try.
 */
export const DeliveryTryHeaders = {
  try: 'tessera-delivery-try',
  notBefore: 'tessera-delivery-not-before',
} as const;

export interface DeliveryTry {
  /** 1 for the OtpRequested as the otp-service published it, then 2, 3, … */
  number: number;
  /** Epoch milliseconds; 0 for the first try. */
  notBefore: number;
}

export function deliveryTryOf(headers: Readonly<Record<string, string>>): DeliveryTry {
  const number = Number(headers[DeliveryTryHeaders.try]);
  const notBefore = Number(headers[DeliveryTryHeaders.notBefore]);
  return {
    number: Number.isInteger(number) && number >= 1 && number <= 100 ? number : 1,
    notBefore: Number.isFinite(notBefore) && notBefore > 0 ? notBefore : 0,
  };
}

export function deliveryTryHeaders(next: DeliveryTry): Record<string, string> {
  return { [DeliveryTryHeaders.try]: String(next.number), [DeliveryTryHeaders.notBefore]: String(next.notBefore) };
}

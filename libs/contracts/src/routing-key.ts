/**
 * Every message about one verification carries the same Kafka key, its routing key, so one otp-service consumer
 * (the owner of that partition) handles all of them. The key is a keyed hash of tenant and destination (no phone
 * number readable in it), and a verification id carries it: `vf_<16 hex routing key><16 hex random>`.
 *
 * A product service on the bus keys a command about an existing verification with `routingKeyOf(id)`. A new
 * request, or a check by destination, may carry any key: the otp-service re-routes a message that arrives on
 * another partition than its routing key's (one more Kafka hop), and never handles it on the wrong one.
 */
export const ROUTING_KEY_HEX_LENGTH = 16;

const ID_PATTERN = /^vf_([0-9a-f]{16})[0-9a-f]{16}$/;

/** The routing key a verification id carries, or null when the id is not one of ours. */
export function routingKeyOf(verificationId: string): string | null {
  return ID_PATTERN.exec(verificationId)?.[1] ?? null;
}

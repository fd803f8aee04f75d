/**
 * Every Kafka topic Tessera uses. Renaming a topic is a migration: producers and consumers of the old name
 * must be drained first, so a rename here needs a release note and a provisioning step for the new name.
 */
export const Topics = {
  otpRequest: 'otp.request',
  otpVerify: 'otp.verify',
  otpResend: 'otp.resend',
  otpCancel: 'otp.cancel',
  otpGet: 'otp.get',
  /** Approves a pending verification without a code (Twilio Verify's `Status=approved`). */
  otpApprove: 'otp.approve',
  tenantConfigure: 'otp.tenant.configure',
  otpRequestedWhatsapp: 'otp.requested.whatsapp',
  otpRequestedSms: 'otp.requested.sms',
  otpRequestedEmail: 'otp.requested.email',
  otpDelivered: 'otp.delivered',
  otpVerified: 'otp.verified',
  otpEvents: 'otp.events',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const CommandTopics = [
  Topics.otpRequest,
  Topics.otpVerify,
  Topics.otpResend,
  Topics.otpCancel,
  Topics.otpGet,
  Topics.otpApprove,
  Topics.tenantConfigure,
] as const;
export type CommandTopic = (typeof CommandTopics)[number];

export const Channels = ['whatsapp', 'sms', 'email'] as const;
export type Channel = (typeof Channels)[number];

export const requestedTopicFor = (channel: Channel): Topic =>
  ({ whatsapp: Topics.otpRequestedWhatsapp, sms: Topics.otpRequestedSms, email: Topics.otpRequestedEmail })[channel];

export const replyTopicFor = (topic: CommandTopic): string => `${topic}.reply`;
export const dlqTopicFor = (topic: string): string => `${topic}.dlq`;

/** Partitions per topic at provisioning. Reply topics get enough for many gateway replicas. */
export const TopicPartitions = {
  command: 6,
  reply: 12,
  event: 6,
  dlq: 1,
} as const;

export interface TopicSpec {
  name: string;
  partitions: number;
}

export function allTopicSpecs(): TopicSpec[] {
  const specs: TopicSpec[] = [];
  for (const topic of Object.values(Topics)) {
    const isCommand = (CommandTopics as readonly string[]).includes(topic);
    specs.push({ name: topic, partitions: isCommand ? TopicPartitions.command : TopicPartitions.event });
    specs.push({ name: dlqTopicFor(topic), partitions: TopicPartitions.dlq });
    if (isCommand) specs.push({ name: replyTopicFor(topic as CommandTopic), partitions: TopicPartitions.reply });
  }
  return specs;
}

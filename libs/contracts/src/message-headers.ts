/** Kafka header names Tessera sets. */
export const MessageHeaders = {
  traceparent: 'traceparent',
  correlationId: 'tessera-correlation-id',
  replyTopic: 'tessera-reply-topic',
  replyPartition: 'tessera-reply-partition',
  /**
   * Epoch milliseconds after which nobody waits for the reply: the consumer drops the command unhandled (the
   * sender answered its caller "timed out, retry", so running it later would act behind that caller's back).
   */
  replyDeadline: 'tessera-reply-deadline',
  dlqError: 'tessera-dlq-error',
  dlqSourceTopic: 'tessera-dlq-source-topic',
  dlqSourcePartition: 'tessera-dlq-source-partition',
  dlqSourceOffset: 'tessera-dlq-source-offset',
} as const;

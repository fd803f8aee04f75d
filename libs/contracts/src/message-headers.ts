/** Kafka header names Tessera sets. */
export const MessageHeaders = {
  traceparent: 'traceparent',
  correlationId: 'tessera-correlation-id',
  replyTopic: 'tessera-reply-topic',
  replyPartition: 'tessera-reply-partition',
  dlqError: 'tessera-dlq-error',
  dlqSourceTopic: 'tessera-dlq-source-topic',
  dlqSourcePartition: 'tessera-dlq-source-partition',
  dlqSourceOffset: 'tessera-dlq-source-offset',
} as const;

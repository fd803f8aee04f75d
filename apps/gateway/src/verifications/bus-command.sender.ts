import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  createEnvelope,
  DomainError,
  type CommandTopic,
  type ErrorCode,
  type MessageDefinition,
} from '@tessera/contracts';
import { sealWithSecret, sha256Hex, signEnvelope } from '@tessera/crypto';
import { BusClient } from '@tessera/messaging';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';

/** Sends a command for a tenant over Kafka request-reply, signed as the gateway, and unwraps the reply. */
@Injectable()
export class BusCommandSender {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly bus: BusClient,
  ) {}

  /** The code a person typed, sealed for the otp-service under the gateway's signing secret. */
  sealForCheck(code: string, tenantId: string) {
    return sealWithSecret(code, this.config.GATEWAY_BUS_SECRET, tenantId);
  }

  async send<S extends z.ZodType, R>(
    topic: CommandTopic,
    definition: MessageDefinition<S>,
    tenantId: string,
    verificationId: string | null,
    payload: z.infer<S>,
    traceparent: string | null,
  ): Promise<R> {
    const envelope = createEnvelope(definition, { tenantId, verificationId, payload, traceparent });
    envelope.signature = signEnvelope(envelope, this.config.GATEWAY_BUS_SECRET);
    // commands without a verification id spread over partitions by tenant and (hashed) destination
    const to = (payload as { to?: unknown }).to;
    const key = typeof to === 'string' ? `${tenantId}:${sha256Hex(to).slice(0, 16)}` : undefined;
    const reply = await this.bus.request<R>(topic, envelope, key);
    if (reply.ok) return reply.result;
    throw new DomainError(
      reply.error.code as ErrorCode,
      reply.error.message,
      reply.error.retryAfterSeconds,
      reply.error.details,
    );
  }
}

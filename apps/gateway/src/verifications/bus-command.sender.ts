import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  createEnvelope,
  routingDestination,
  DomainError,
  type CommandTopic,
  type ErrorCode,
  type MessageDefinition,
} from '@tessera/contracts';
import { routingKeyFor, routingSecretFrom, sealWithSecret, signEnvelope } from '@tessera/crypto';
import { BusClient } from '@tessera/messaging';
import { GATEWAY_CONFIG, type GatewayEnv } from '../config/gateway.config';

/** Sends a command for a tenant over Kafka request-reply, signed as the gateway, and unwraps the reply. */
@Injectable()
export class BusCommandSender {
  private readonly routingSecret: Buffer;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayEnv,
    private readonly bus: BusClient,
  ) {
    this.routingSecret = routingSecretFrom(config.GATEWAY_BUS_SECRET);
  }

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
    // a command by destination goes to the partition that owns that destination (a command by id: its routing key)
    const to = (payload as { to?: unknown }).to;
    const key =
      typeof to === 'string' ? routingKeyFor(tenantId, routingDestination(to), this.routingSecret) : undefined;
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

import { z } from 'zod';
import { EnvelopeSchema } from './envelope';
import { OtpRequestedV1 } from './events/otp-requested.event';
import { OtpDeliveredV1 } from './events/otp-delivered.event';
import { OtpVerifiedV1 } from './events/otp-verified.event';
import { OtpLifecycleV1 } from './events/otp-lifecycle.event';
import {
  ApproveVerificationV1,
  CancelVerificationV1,
  CheckVerificationV1,
  GetVerificationV1,
  RequestVerificationV1,
  ResendVerificationV1,
} from './commands/otp-commands';
import { CommandReplySchema } from './commands/command-reply';
import { ConfigureTenantV1 } from './commands/tenant-commands';

const definitions = [
  OtpRequestedV1,
  OtpDeliveredV1,
  OtpVerifiedV1,
  OtpLifecycleV1,
  RequestVerificationV1,
  CheckVerificationV1,
  ResendVerificationV1,
  CancelVerificationV1,
  GetVerificationV1,
  ApproveVerificationV1,
  ConfigureTenantV1,
];

/** JSON Schema (draft 2020-12) of the envelope, every payload and the command reply, for bus clients. */
export function exportBusJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Envelope: z.toJSONSchema(EnvelopeSchema, { io: 'input', unrepresentable: 'any' }),
    CommandReply: z.toJSONSchema(CommandReplySchema, { io: 'input', unrepresentable: 'any' }),
  };
  for (const d of definitions) {
    out[`${d.type}.v${d.version}`] = z.toJSONSchema(d.payload, { io: 'input', unrepresentable: 'any' });
  }
  return out;
}

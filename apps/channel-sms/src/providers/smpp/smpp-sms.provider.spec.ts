import {
  PermanentProviderError,
  RetryableProviderError,
  UnconfirmedSendError,
  type OutboundMessage,
} from '@tessera/channel-kit';
import { SmppUnavailableError } from './smpp-connection';
import type { SmppPdu } from './smpp-package';
import { relativeValidityPeriod, SmppSmsProvider, sourceAddressOf } from './smpp-sms.provider';

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  ref: { tenantId: 'acme', verificationId: 'v-1', attempt: 1, requestedAt: new Date() },
  to: '+15550000001',
  code: '482913',
  text: 'Your Acme code is 482913',
  locale: 'en',
  brand: 'Acme',
  ttlSeconds: 300,
  ...overrides,
});

const response = (fields: Partial<SmppPdu>): SmppPdu => ({ command_status: 0, ...fields }) as SmppPdu;

/** Records each submit_sm and answers what the test says. */
const fakeConnection = (answer: () => Promise<SmppPdu>) => {
  const submits: Array<Record<string, unknown>> = [];
  return {
    submits,
    submit: (fields: Record<string, unknown>) => {
      submits.push(fields);
      return answer();
    },
  };
};

describe('SmppSmsProvider', () => {
  it('submits to the international number without "+", with a receipt requested and GSM-7 text', async () => {
    const connection = fakeConnection(async () => response({ message_id: 'abc' }));
    const provider = new SmppSmsProvider(connection, { sourceAddr: '+15005550006' });
    await expect(provider.send(message())).resolves.toEqual({ providerMessageId: 'abc', status: 'sent' });
    expect(connection.submits[0]).toMatchObject({
      source_addr: '15005550006',
      source_addr_ton: 1,
      source_addr_npi: 1,
      destination_addr: '15550000001',
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      registered_delivery: 1,
      data_coding: 0,
      validity_period: '000000000500000R',
      short_message: Buffer.from('Your Acme code is 482913', 'ascii'),
    });
    expect(connection.submits[0]).not.toHaveProperty('message_payload');
  });

  it('sends UCS-2 (data_coding 8) for text outside the GSM alphabet', async () => {
    const connection = fakeConnection(async () => response({ message_id: 'abc' }));
    await new SmppSmsProvider(connection, { sourceAddr: 'Acme' }).send(message({ text: 'Ваш код 482913' }));
    expect(connection.submits[0]).toMatchObject({
      data_coding: 8,
      short_message: Buffer.from('Ваш код 482913', 'utf16le').swap16(),
    });
  });

  it('puts a text longer than one segment in message_payload, leaving short_message empty', async () => {
    const connection = fakeConnection(async () => response({ message_id: 'abc' }));
    const text = `Your code is 482913. ${'x'.repeat(200)}`;
    await new SmppSmsProvider(connection, { sourceAddr: 'Acme' }).send(message({ text }));
    expect(connection.submits[0]).toMatchObject({ short_message: Buffer.alloc(0), message_payload: Buffer.from(text) });
  });

  it('turns ESME_RINVDSTADR into a permanent error and ESME_RSYSERR into a retryable one', async () => {
    const refused = new SmppSmsProvider(
      fakeConnection(async () => response({ command_status: 0x0b })),
      { sourceAddr: 'Acme' },
    );
    await expect(refused.send(message())).rejects.toEqual(expect.any(PermanentProviderError));
    const down = new SmppSmsProvider(
      fakeConnection(async () => response({ command_status: 0x08 })),
      { sourceAddr: 'Acme' },
    );
    await expect(down.send(message())).rejects.toMatchObject({ vendorCode: 'ESME_RSYSERR' });
  });

  it('makes an unavailable session retryable', async () => {
    const connection = fakeConnection(async () => {
      throw new SmppUnavailableError('not bound', 'not_bound');
    });
    const error = await new SmppSmsProvider(connection, { sourceAddr: 'Acme' })
      .send(message())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableProviderError);
    expect(error).toMatchObject({ vendorCode: 'smpp_not_bound' });
  });

  it.each(['closed', 'timeout'] as const)(
    'leaves a submit_sm that got no answer (%s) unconfirmed, never retried: the SMSC may have it',
    async (reason) => {
      const connection = fakeConnection(async () => {
        throw new SmppUnavailableError('no answer', reason);
      });
      const error = await new SmppSmsProvider(connection, { sourceAddr: 'Acme' })
        .send(message())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnconfirmedSendError);
      expect(error).toMatchObject({ vendorCode: `smpp_${reason}` });
    },
  );
});

describe('sourceAddressOf', () => {
  it.each([
    ['+15005550006', { addr: '15005550006', ton: 1, npi: 1 }],
    ['15005550006', { addr: '15005550006', ton: 1, npi: 1 }],
    ['12345', { addr: '12345', ton: 3, npi: 0 }],
    ['Acme', { addr: 'Acme', ton: 5, npi: 0 }],
  ])('classifies %s', (addr, expected) => {
    expect(sourceAddressOf(addr)).toEqual(expected);
  });
});

describe('relativeValidityPeriod', () => {
  it('writes YYMMDDhhmmss000R', () => {
    expect(relativeValidityPeriod(59)).toBe('000000000059000R');
    expect(relativeValidityPeriod(3725)).toBe('000000010205000R');
    expect(relativeValidityPeriod(0)).toBe('000000000001000R');
  });
});

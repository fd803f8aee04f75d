import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  ContractViolation,
  OtpDeliveredV1,
  OtpRequestedV1,
  TopicContracts,
  Topics,
  allTopicSpecs,
  createEnvelope,
  exportBusJsonSchemas,
  parseEnvelope,
} from './index';

const requested = () =>
  createEnvelope(OtpRequestedV1, {
    tenantId: 'acme',
    verificationId: `vf_${'a'.repeat(32)}`,
    payload: {
      channel: 'sms',
      attempt: 1,
      to: '+447911123456',
      brand: 'Acme',
      template: { locale: 'en', text: '{code}' },
      sealedCode: { kid: 'k1', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' },
      expiresAt: new Date().toISOString(),
    },
  });

describe('contracts', () => {
  it('round-trips a valid envelope through JSON', () => {
    const envelope = requested();
    expect(parseEnvelope(Buffer.from(JSON.stringify(envelope)), TopicContracts[Topics.otpRequestedSms])).toEqual(
      envelope,
    );
  });

  it.each([
    ['not JSON', '{oops'],
    [
      'a missing payload field',
      JSON.stringify({ ...requested(), payload: { ...requested().payload, attempt: undefined } }),
    ],
    [
      'an unknown payload field',
      JSON.stringify({ ...requested(), payload: { ...requested().payload, code: '123456' } }),
    ],
    ['an unknown envelope field', JSON.stringify({ ...requested(), extra: 1 })],
    ['a type the topic does not carry', JSON.stringify({ ...requested(), type: 'OtpDelivered' })],
    ['an unknown version', JSON.stringify({ ...requested(), version: 2 })],
    ['a bad event id', JSON.stringify({ ...requested(), eventId: 'x' })],
  ])('rejects %s with a ContractViolation', (_, raw) => {
    expect(() => parseEnvelope(raw, TopicContracts[Topics.otpRequestedSms])).toThrow(ContractViolation);
  });

  it('stamps envelopes with UUIDv7 ids and validates payloads when creating them', () => {
    expect(requested().eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(() =>
      createEnvelope(OtpDeliveredV1, { tenantId: 'acme', verificationId: null, payload: { status: 'lost' } as never }),
    ).toThrow();
    expect(uuidv7()).not.toBe(uuidv7());
  });

  it('names every topic with its DLQ and, for commands, its reply topic', () => {
    const names = allTopicSpecs().map((s) => s.name);
    for (const topic of Object.values(Topics)) {
      expect(names).toContain(topic);
      expect(names).toContain(`${topic}.dlq`);
      expect(TopicContracts[topic].length).toBeGreaterThan(0);
    }
    expect(names).toContain('otp.request.reply');
    expect(allTopicSpecs().find((s) => s.name === 'otp.request.reply')!.partitions).toBeGreaterThanOrEqual(6);
  });

  it('exports a JSON Schema for the envelope and every payload', () => {
    const schemas = exportBusJsonSchemas();
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'Envelope',
        'CommandReply',
        'OtpRequested.v1',
        'OtpDelivered.v1',
        'OtpVerified.v1',
        'RequestVerification.v1',
        'CheckVerification.v1',
      ]),
    );
    expect((schemas['OtpRequested.v1'] as { required: string[] }).required).toContain('sealedCode');
  });

  it('matches the published docs/bus.schema.json (regenerate with npm run contracts:schema)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'docs', 'bus.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(exportBusJsonSchemas())));
  });
});

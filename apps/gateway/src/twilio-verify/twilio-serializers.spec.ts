import type { CheckResult, VerificationView } from '@tessera/contracts';
import { DEFAULT_SERVICE_SETTINGS, parseServiceForm } from './twilio-forms';
import { serviceResource, twilioTime, verificationCheckResource, verificationResource } from './twilio-serializers';
import type { TwilioServiceRecord } from './twilio.repository';

const BASE = 'https://verify.example.com/v2';
const HEX = '0123456789abcdef'.repeat(2);
const service: TwilioServiceRecord = {
  _id: `VA${HEX}`,
  accountSid: `AC${HEX}`,
  serviceTenantId: `va${HEX}`,
  settings: { ...DEFAULT_SERVICE_SETTINGS, friendlyName: 'Acme', codeLength: 8, lookupEnabled: true },
  createdAt: new Date('2026-12-01T10:00:00.123Z'),
  updatedAt: new Date('2026-12-01T10:05:00.999Z'),
};
const view: VerificationView = {
  id: `vf_${HEX}`,
  status: 'pending',
  reason: null,
  to: '+4479*****456',
  channel: 'sms',
  plan: ['sms'],
  expiresAt: '2026-12-01T10:10:00.000Z',
  attemptsRemaining: 5,
  sendsRemaining: 4,
  resendAvailableAt: null,
  createdAt: '2026-12-01T10:00:00.500Z',
  updatedAt: '2026-12-01T10:00:01.500Z',
  deliveries: [
    {
      attempt: 1,
      channel: 'sms',
      provider: 'twilio',
      providerMessageId: 'SM1',
      status: 'delivered',
      errorCode: null,
      history: [],
      requestedAt: '2026-12-01T10:00:00.600Z',
    },
  ],
};
const context = { accountSid: service.accountSid, serviceSid: service._id };

describe('Twilio resource serializers', () => {
  it("writes times as Twilio does: UTC to the second, 'Z'", () => {
    expect(twilioTime(new Date('2015-07-30T20:00:00.456Z'))).toBe('2015-07-30T20:00:00Z');
  });

  it("serializes a Service with Twilio's snake_case fields, url and links", () => {
    const json = serviceResource(BASE, service);
    expect(json).toMatchObject({
      sid: service._id,
      account_sid: service.accountSid,
      friendly_name: 'Acme',
      code_length: 8,
      lookup_enabled: true,
      custom_code_enabled: false,
      totp: { issuer: 'Acme', time_step: 30, code_length: 6, skew: 1 },
      date_created: '2026-12-01T10:00:00Z',
      date_updated: '2026-12-01T10:05:00Z',
      url: `${BASE}/Services/${service._id}`,
      links: {
        verifications: `${BASE}/Services/${service._id}/Verifications`,
        verification_checks: `${BASE}/Services/${service._id}/VerificationCheck`,
      },
    });
  });

  it('serializes a Verification with its VE sid, send_code_attempts and the To the client gave', () => {
    const json = verificationResource(BASE, view, { ...context, to: '+447911123456' });
    expect(json).toEqual({
      sid: `VE${HEX}`,
      service_sid: service._id,
      account_sid: service.accountSid,
      to: '+447911123456',
      channel: 'sms',
      status: 'pending',
      valid: false,
      lookup: {},
      amount: null,
      payee: null,
      send_code_attempts: [
        { attempt_sid: expect.stringMatching(/^VL[0-9a-f]{32}$/), channel: 'SMS', time: '2026-12-01T10:00:00Z' },
      ],
      date_created: '2026-12-01T10:00:00Z',
      date_updated: '2026-12-01T10:00:01Z',
      sna: null,
      url: `${BASE}/Services/${service._id}/Verifications/VE${HEX}`,
    });
    expect(verificationResource(BASE, view, context).to).toBe('+4479*****456');
  });

  it("serializes a VerificationCheck from the check's outcome", () => {
    const check: CheckResult = { id: view.id, status: 'approved', valid: true, reason: null, attemptsRemaining: 4 };
    expect(verificationCheckResource(check, { ...view, status: 'approved' }, context)).toMatchObject({
      sid: `VE${HEX}`,
      status: 'approved',
      valid: true,
      channel: 'sms',
      sna_attempts_error_codes: [],
    });
  });
});

describe('the Service form', () => {
  it("maps Twilio's form fields onto settings, with booleans and integers as the SDKs send them", () => {
    expect(
      parseServiceForm(
        { FriendlyName: 'Acme', CodeLength: '8', LookupEnabled: 'true', 'Totp.Skew': '2', Unknown: 'x' },
        true,
      ),
    ).toEqual({ friendlyName: 'Acme', codeLength: 8, lookupEnabled: true, totpSkew: 2 });
  });

  it('requires FriendlyName to create, not to update', () => {
    expect(() => parseServiceForm({}, true)).toThrow(expect.objectContaining({ code: 60200 }));
    expect(parseServiceForm({ CodeLength: '4' }, false)).toEqual({ codeLength: 4 });
  });

  it('refuses CustomCodeEnabled=true (60204) and a CodeLength outside 4-10', () => {
    expect(() => parseServiceForm({ FriendlyName: 'a', CustomCodeEnabled: 'true' }, true)).toThrow(
      expect.objectContaining({ code: 60204 }),
    );
    expect(parseServiceForm({ FriendlyName: 'a', CustomCodeEnabled: 'false' }, true)).toEqual({ friendlyName: 'a' });
    expect(() => parseServiceForm({ CodeLength: '11' }, false)).toThrow();
  });
});
